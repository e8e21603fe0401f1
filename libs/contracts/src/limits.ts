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
