/**
 * The limits of SPEC §9 that more than one service enforces, in one place: the HTTP stack of every
 * service, the report contract and the control plane's queries read them from here.
 */

/** JSON nested deeper than this is refused (the outermost object or array is level 1). */
export const MAX_JSON_DEPTH = 32;

/** Epoch milliseconds are within 0..this (the largest time an ECMAScript Date can hold). */
export const MAX_EPOCH_MILLIS = 8.64e15;

/** An analytics histogram has at most this many buckets. */
export const MAX_HISTOGRAM_BUCKETS = 1000;

/**
 * Whether JSON text nests deeper than `max` levels, in one pass over its characters: no parse and
 * no recursion, so it can run before anything that walks a parsed value recursively.
 */
export function jsonTextExceedsDepth(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // the escaped character cannot end the string
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** Whether a parsed JSON value nests deeper than `max` levels, walked with its own stack. */
export function valueExceedsDepth(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth + 1 > max) return true;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}
