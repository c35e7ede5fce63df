// The errors the engine client raises: answers the daemon refused, requests the client refused to
// send, and a daemon that could not be reached.

/** An error answer from the daemon; `message` reads as the docker CLI prints it. */
export class DaemonError extends Error {
  constructor(
    readonly status: number,
    readonly daemonMessage: string,
  ) {
    super(`Error response from daemon: ${daemonMessage}`);
    this.name = 'DaemonError';
  }
}

/** A request the client refuses to send (docker's client-side checks, e.g. an empty name). */
export class ClientError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClientError';
  }
}

/** Errors a command reports per item and goes on (docker prints them and exits 1). */
export function isApiError(err: unknown): err is DaemonError | ClientError {
  return err instanceof DaemonError || err instanceof ClientError;
}

/** docker client trimID: surrounding spaces dropped; nothing left is an error. */
export function trimId(kind: string, id: string): string {
  const t = id.trim();
  if (t === '') throw new ClientError(`invalid ${kind} name or ID: value is empty`);
  return t;
}

/** The daemon could not be reached at all. */
export class ConnectionError extends Error {
  constructor(host: string, cause: unknown) {
    super(`Cannot connect to the Strata daemon at ${host}. Is the strata daemon running?`, { cause });
    this.name = 'ConnectionError';
  }
}
