import { closeSync, openSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { basename, dirname } from 'node:path';
import { PassThrough } from 'node:stream';
import type { AttachStreams } from './container-runtime.js';
import {
  FRAME_ACK,
  FRAME_STDERR,
  FRAME_STDOUT,
  FrameDecoder,
  LineReader,
  type ExitRecord,
  type Request,
} from './monitor/protocol.js';

/** sun_path holds 108 bytes: longer socket paths are reached through /proc/self/fd/<dir fd>/. */
const MAX_SOCKET_PATH = 100;

/** Connects to a monitor's socket and sends `req`; rejects when no monitor listens there. */
export function connectMonitor(socketPath: string, req: Request): Promise<Socket> {
  let dirFd: number | undefined;
  let path = socketPath;
  if (socketPath.length > MAX_SOCKET_PATH) {
    dirFd = openSync(dirname(socketPath), 'r');
    path = `/proc/self/fd/${dirFd}/${basename(socketPath)}`;
  }
  return new Promise<Socket>((resolve, reject) => {
    // An attach client half-closes (its stdin ended) and still reads output.
    const socket = connect({ path, allowHalfOpen: req.op === 'attach' });
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.off('error', reject);
      socket.on('error', () => socket.destroy());
      socket.write(`${JSON.stringify(req)}\n`);
      resolve(socket);
    });
  }).finally(() => {
    if (dirFd !== undefined) closeSync(dirFd);
  });
}

/** Asks a monitor for the exit; undefined when the monitor went away without answering. */
export async function waitForExit(socketPath: string): Promise<ExitRecord | undefined> {
  let socket: Socket;
  try {
    socket = await connectMonitor(socketPath, { op: 'wait' });
  } catch {
    return undefined;
  }
  return new Promise((resolve) => {
    let record: ExitRecord | undefined;
    const reader = new LineReader((line) => {
      record ??= JSON.parse(line) as ExitRecord;
    });
    socket.on('data', (chunk: Buffer) => reader.push(chunk));
    socket.on('close', () => resolve(record));
  });
}

export async function requestResize(
  socketPath: string,
  size: { height: number; width: number },
): Promise<void> {
  const socket = await connectMonitor(socketPath, { op: 'resize', ...size });
  await new Promise<void>((resolve) => {
    socket.resume();
    socket.on('close', () => resolve());
  });
}

/**
 * An attach client whose streams exist before its socket does: made when attach() is called, wired
 * to a monitor by connect() (at once for a running container, at the next start otherwise).
 */
export class AttachClient {
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  readonly stdin: PassThrough | undefined;
  private socket: Socket | undefined;
  private done = false;

  constructor(
    readonly wantsStdin: boolean,
    private readonly onClose: () => void = () => {},
  ) {
    this.stdin = wantsStdin ? new PassThrough() : undefined;
  }

  get streams(): AttachStreams {
    const streams: AttachStreams = { stdout: this.stdout, stderr: this.stderr, close: () => this.close() };
    if (this.stdin) streams.stdin = this.stdin;
    return streams;
  }

  get closed(): boolean {
    return this.done;
  }

  /** Connects to the monitor; resolves once the monitor has registered this client. */
  async connect(socketPath: string): Promise<void> {
    if (this.done) return;
    const socket = await connectMonitor(socketPath, { op: 'attach', stdin: this.wantsStdin });
    this.socket = socket;
    let ack: () => void = () => {};
    const acked = new Promise<void>((resolve) => (ack = resolve));
    const decoder = new FrameDecoder((kind, payload) => {
      if (kind === FRAME_ACK) ack();
      else if (kind === FRAME_STDOUT && !this.done) this.stdout.write(payload);
      else if (kind === FRAME_STDERR && !this.done) this.stderr.write(payload);
    });
    socket.on('data', (chunk: Buffer) => decoder.push(chunk));
    // The monitor ended the output (exit or detach): nothing more to say either.
    socket.on('end', () => socket.destroy());
    socket.on('close', () => {
      ack();
      this.finish();
    });
    if (this.done) socket.destroy();
    this.stdin?.pipe(socket);
    await acked;
  }

  /** Detaches: the streams end, the container goes on. */
  close(): void {
    this.socket?.destroy();
    this.finish();
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.stdin?.unpipe();
    this.stdout.end();
    this.stderr.end();
    this.onClose();
  }
}
