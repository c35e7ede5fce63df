/**
 * Errors carry a kind, never an HTTP status (one mapping lives in http-status.ts, used by the API only).
 * The kinds are moby's errdefs classes that the volume engine produces.
 */
export type ErrorKind =
  | 'invalid-parameter'
  | 'not-found'
  | 'conflict'
  | 'forbidden'
  | 'unauthorized'
  | 'unavailable'
  | 'not-implemented'
  | 'system';

/** An error whose kind decides how the API reports it. `message` is shown to users verbatim. */
export class EngineError extends Error {
  readonly kind: ErrorKind;

  constructor(kind: ErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EngineError';
    this.kind = kind;
  }
}

export const invalidParameter = (message: string, cause?: unknown): EngineError =>
  new EngineError('invalid-parameter', message, { cause });
export const notFound = (message: string, cause?: unknown): EngineError =>
  new EngineError('not-found', message, { cause });
export const conflict = (message: string, cause?: unknown): EngineError =>
  new EngineError('conflict', message, { cause });
export const unavailable = (message: string, cause?: unknown): EngineError =>
  new EngineError('unavailable', message, { cause });
export const forbidden = (message: string, cause?: unknown): EngineError =>
  new EngineError('forbidden', message, { cause });
export const notImplemented = (message: string, cause?: unknown): EngineError =>
  new EngineError('not-implemented', message, { cause });
export const systemError = (message: string, cause?: unknown): EngineError =>
  new EngineError('system', message, { cause });

/**
 * The kind of an error: the first `EngineError` found by following `.cause` (as moby's errdefs walk
 * wrapped errors). Anything else is a `system` error.
 */
export function kindOf(err: unknown): ErrorKind {
  let cur: unknown = err;
  for (let depth = 0; cur !== undefined && cur !== null && depth < 32; depth++) {
    if (cur instanceof EngineError) return cur.kind;
    if (cur instanceof Error && 'kind' in cur && typeof (cur as { kind: unknown }).kind === 'string') {
      return (cur as { kind: ErrorKind }).kind;
    }
    cur = cur instanceof Error ? cur.cause : undefined;
  }
  return 'system';
}

/** The message of any thrown value. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
