/** The operator API is under `/api/v1`; these paths are mounted outside it (main.ts, and the fuzz suite's route list). */
export const API_PREFIX = 'api/v1';
export const OUTSIDE_API_PREFIX = ['health', 'metrics', '.well-known/jwks.json', 'internal', 'internal/{*path}'];
