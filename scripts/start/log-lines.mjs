// How `npm start` shows what its apps log: their JSON lines (pino) as one short human line each.

const LEVELS = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
export const LEVEL_VALUES = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };

/** Fields every line has, or that the human line already shows. */
const SHOWN = new Set(['level', 'time', 'pid', 'hostname', 'service', 'context', 'msg', 'req', 'res', 'responseTime', 'correlationId', 'err']);

const clock = (time) => {
  const d = typeof time === 'number' ? new Date(time) : new Date();
  return d.toTimeString().slice(0, 8);
};

function extras(entry) {
  const parts = [];
  for (const [key, value] of Object.entries(entry)) {
    if (SHOWN.has(key) || value === undefined) continue;
    parts.push(`${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
  return parts.length > 0 ? ` ${parts.join(' ')}` : '';
}

/**
 * One line of an app's output as `npm start` prints it, or undefined to leave it out. A JSON log line
 * below `minLevel` is left out; anything that is not a log line (a stack trace, a refusal to start) is
 * shown as it is.
 */
export function humanLine(label, line, minLevel) {
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    entry = undefined;
  }
  const prefix = label.padEnd(14);
  if (!entry || typeof entry !== 'object' || typeof entry.level !== 'number') {
    return line.trim() === '' ? undefined : `${clock()} ${prefix} ${line}`;
  }
  if (entry.level < minLevel) return undefined;
  let message = typeof entry.msg === 'string' ? entry.msg : '';
  if (entry.req && entry.res) {
    message = `${entry.req.method} ${entry.req.url} ${entry.res.statusCode}${typeof entry.responseTime === 'number' ? ` ${entry.responseTime} ms` : ''}`;
  }
  const err = entry.err && typeof entry.err === 'object' ? entry.err : undefined;
  if (err?.message && !message.includes(err.message)) message = message ? `${message}: ${err.message}` : err.message;
  const level = (LEVELS[entry.level] ?? String(entry.level)).padEnd(5);
  return `${clock(entry.time)} ${prefix} ${level} ${message}${extras(entry)}`;
}
