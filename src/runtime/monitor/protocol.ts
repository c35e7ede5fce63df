/**
 * What the daemon and a container's monitor say to each other. Node built-ins only: the monitor
 * is a separate process and every module it loads costs start-up time.
 *
 * Control channel (the monitor's fd 3, JSON lines): the daemon sends `{"job":…}` and `{"go":true}`
 * at once; the monitor answers `{"listening":true}` once its socket accepts clients and runs runc.
 * With `holdOutput` in the job, the daemon then connects the clients that must not miss output and
 * sends `{"attached":true}`; until then the monitor keeps the process's output for them (the log
 * gets it at once) and does not tell waiters of an exit. The monitor answers
 * `{"started":{pid,startedAt}}` or `{"failed":"<runc's error>"}`. A channel that closes counts as
 * `go` and `attached`; a monitor whose channel closes before a job exits (an idle spare of a daemon
 * that went away).
 *
 * Socket (`m.sock` in the container dir): a client sends one JSON line, a Request. `attach` is
 * answered with frames (1-byte kind, 4-byte big-endian length, payload): an empty ACK frame once
 * the client is registered, then STDOUT/STDERR data; the socket ends when the process exits. After
 * the request line an attach client's bytes are the process's stdin; its end-of-stream closes that
 * stdin (StdinOnce without a TTY) or detaches the client. `wait` is answered with one JSON line
 * (the ExitRecord) when the process exits; `resize` with `{}` or `{"error":…}`.
 */

export const SOCKET_NAME = 'm.sock';

export const FRAME_ACK = 0;
export const FRAME_STDOUT = 1;
export const FRAME_STDERR = 2;

export interface MonitorJob {
  id: string;
  /** The container dir (bundle, logs, socket). */
  dir: string;
  runc: string;
  runcRoot: string;
  tty: boolean;
  openStdin: boolean;
  stdinOnce: boolean;
  consoleSize?: { height: number; width: number };
  /** Clients are about to attach: keep the output for them until `{"attached":true}`. */
  holdOutput?: boolean;
  /**
   * The container's rootfs mount point: after the process exits the monitor unmounts it before it
   * writes exit.json and tells waiters, so the daemon's cleanup usually finds nothing left to
   * unmount. Best effort: the daemon's cleanup unmounts whatever is still mounted.
   */
  unmountAfterExit?: string;
}

export type Request =
  { op: 'attach'; stdin: boolean } | { op: 'wait' } | { op: 'resize'; height: number; width: number };

export interface ExitRecord {
  exitCode: number;
  finishedAt: string;
  oomKilled: boolean;
}

export interface StartedRecord {
  pid: number;
  startedAt: string;
}

export function encodeFrame(kind: number, payload: Buffer): Buffer {
  const header = Buffer.allocUnsafe(5);
  header.writeUInt8(kind, 0);
  header.writeUInt32BE(payload.length, 1);
  return Buffer.concat([header, payload]);
}

/** Splits a byte stream into frames. */
export class FrameDecoder {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly onFrame: (kind: number, payload: Buffer) => void) {}

  push(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= 5) {
      const length = this.pending.readUInt32BE(1);
      if (this.pending.length < 5 + length) break;
      const kind = this.pending.readUInt8(0);
      const payload = this.pending.subarray(5, 5 + length);
      this.pending = this.pending.subarray(5 + length);
      this.onFrame(kind, payload);
    }
  }
}

/** Calls `onLine` for each newline-terminated line of a text stream. */
export class LineReader {
  private pending = '';

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer | string): void {
    this.pending += chunk.toString();
    let nl = this.pending.indexOf('\n');
    while (nl >= 0) {
      const line = this.pending.slice(0, nl);
      this.pending = this.pending.slice(nl + 1);
      this.onLine(line);
      nl = this.pending.indexOf('\n');
    }
  }
}
