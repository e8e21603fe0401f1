// PostgreSQL: DATABASE_URL when set; else a local server on 127.0.0.1:5432; else an embedded server.
import { join } from 'node:path';
import pg from 'pg';
import { PrerequisiteError, ensureDir, isAlive, paths, portOpen, readPid, say, startDetached, stopDetached, waitFor, PROJECT_ROOT } from './common.mjs';

const NAME = 'postgres';
const EMBEDDED_PORT = 54329;
const DEFAULT_DB = 'hybrid_cp';

/** The URL in use: set by the caller, the local server, or the embedded one (decided in `detect`). */
let chosen;

export const postgres = {
  name: NAME,
  env: () => ({ DATABASE_URL: chosen }),

  /** Picks the server; true when it already answers. */
  async isUp() {
    if (process.env.DATABASE_URL) {
      chosen = process.env.DATABASE_URL;
      return answers(chosen);
    }
    const local = `postgres://postgres@127.0.0.1:5432/${DEFAULT_DB}`;
    if ((await portOpen(5432)) && (await answers(adminUrl(local)))) {
      chosen = local;
      return true;
    }
    chosen = `postgres://postgres@127.0.0.1:${EMBEDDED_PORT}/${DEFAULT_DB}`;
    return (await portOpen(EMBEDDED_PORT)) && answers(adminUrl(chosen));
  },

  async provision() {
    if (process.env.DATABASE_URL) {
      throw new PrerequisiteError(`${NAME}: DATABASE_URL=${redact(process.env.DATABASE_URL)} does not answer.`, 'start that server or unset DATABASE_URL to use a local or embedded one');
    }
  },

  /** Embedded server, kept alive by a small detached keeper process (scripts/services/embedded-postgres.mjs). */
  async start() {
    const dataDir = join(paths.state(NAME), 'data');
    ensureDir(paths.state(NAME));
    const pid = startDetached(NAME, process.execPath, [join(PROJECT_ROOT, 'scripts', 'services', 'embedded-postgres.mjs'), dataDir, String(EMBEDDED_PORT)]);
    await waitFor(NAME, `embedded server on port ${EMBEDDED_PORT}`, async () => (isAlive(pid) ? answers(adminUrl(chosen)) : Promise.reject(new Error('embedded server exited'))), {
      timeoutMs: 90_000,
      logFile: paths.logFile(NAME),
    });
  },

  /** Creates the project's database (and any extra ones asked for) when missing. */
  async ensureDatabase(url = chosen) {
    const name = new URL(url).pathname.replace(/^\//, '') || DEFAULT_DB;
    const client = new pg.Client({ connectionString: adminUrl(url) });
    await client.connect();
    try {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (found.rowCount === 0) {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
        say(NAME, `created database ${name}`);
      }
    } finally {
      await client.end();
    }
  },

  url: () => chosen,
  logFile: () => paths.logFile(NAME),
  stop: () => stopDetached(NAME),
  ownedPid: () => (isAlive(readPid(NAME)) ? readPid(NAME) : undefined),
};

/** Same server, maintenance database: to check liveness and create databases. */
export function adminUrl(url) {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
}

function redact(url) {
  const u = new URL(url);
  if (u.password) u.password = '****';
  return u.toString();
}

async function answers(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
