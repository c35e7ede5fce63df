import type { ErrorKind } from './engine-error.js';

/** moby api/server/httpstatus: error class → HTTP status. Used by src/api only. */
const statusByKind: Record<ErrorKind, number> = {
  'invalid-parameter': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'not-implemented': 501,
  unavailable: 503,
  system: 500,
};

export function httpStatusOf(kind: ErrorKind): number {
  return statusByKind[kind];
}
