import type { Writable } from 'node:stream';
import type { HijackedStream } from '../client/hijack.js';

/**
 * docker/cli container/hijack.go hijackedIOStreamer: copies a hijacked attach/exec connection to the
 * local streams and stdin to it.
 *
 * - Output: raw with a TTY, else docker's stdcopy frames (8-byte header: stream 0/1 → stdout,
 *   2 → stderr, 3 → a daemon error ending the stream).
 * - Input: stdin is copied until its EOF, then the write side is half-closed (the daemon sees EOF on
 *   the container's stdin and keeps sending output); without stdin the write side is closed at once.
 * - With a TTY and a terminal on stdin, the terminal is raw while streaming and restored as soon as
 *   output or input ends; with a TTY and stdin, the detach keys (default ctrl-p ctrl-q) end the stream.
 *
 * Resolves when output has ended (or, without output, when input has), or on detach with
 * `{ detached: true }`; rejects with docker's error texts.
 */
export interface HijackedIO {
  stdin?: NodeJS.ReadStream | undefined;
  stdout?: Writable | undefined;
  stderr?: Writable | undefined;
  tty: boolean;
  detachKeys?: string | undefined;
}

export class DetachError extends Error {
  constructor() {
    super('read escape sequence');
  }
}

/** term.ToBytes: `ctrl-p,ctrl-q`, `a,b` into key codes. */
export function detachKeyBytes(keys: string): number[] {
  const out: number[] = [];
  for (const key of keys.split(',')) {
    if (key.length > 1 && !key.startsWith('ctrl-')) throw new Error(`Unknown character: '${key}'`);
    if (key.length === 1) {
      out.push(key.charCodeAt(0));
      continue;
    }
    const c = key.slice(5);
    const special = '@[\\]^_'.indexOf(c);
    if (c.length !== 1 || (!/^[a-z]$/.test(c) && special < 0)) throw new Error(`Unknown character: '${c}'`);
    out.push(special >= 0 ? ([0, 27, 28, 29, 30, 31][special] as number) : c.charCodeAt(0) - 96);
  }
  return out;
}

/** Splits docker's stdcopy frames; `onFrame(stream, payload)` per complete frame. */
export class FrameReader {
  private buf: Buffer = Buffer.alloc(0);
  constructor(private readonly onFrame: (stream: number, payload: Buffer) => void) {}

  push(chunk: Buffer): void {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    while (this.buf.length >= 8) {
      const size = this.buf.readUInt32BE(4);
      if (this.buf.length < 8 + size) return;
      const stream = this.buf[0] as number;
      const payload = this.buf.subarray(8, 8 + size);
      this.buf = this.buf.subarray(8 + size);
      this.onFrame(stream, payload);
    }
  }
}

export function streamHijacked(conn: HijackedStream, io: HijackedIO): Promise<{ detached: boolean }> {
  const { socket } = conn;
  const stdin = io.stdin;
  const rawTerminal = io.tty && stdin?.isTTY === true && typeof stdin.setRawMode === 'function';
  let restored = !rawTerminal;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    stdin?.setRawMode(false);
  };
  if (rawTerminal) {
    stdin?.setRawMode(true);
    process.once('exit', restore);
  }

  return new Promise((resolve, reject) => {
    let finished = false;
    const finish = (err: Error | undefined, detached = false): void => {
      if (finished) return;
      finished = true;
      restore();
      process.off('exit', restore);
      if (stdin) {
        stdin.off('data', onInput);
        stdin.off('end', onInputEnd);
        stdin.pause();
      }
      socket.off('data', onOutput);
      socket.destroy();
      if (err) reject(err);
      else resolve({ detached });
    };

    const hasOutput = io.stdout !== undefined || io.stderr !== undefined;
    const frames = new FrameReader((stream, payload) => {
      if (stream === 3) finish(new Error(`error from daemon in stream: ${payload.toString()}`));
      else if (stream === 2) io.stderr?.write(payload);
      else if (stream <= 1) io.stdout?.write(payload);
      else finish(new Error(`Unrecognized input header: ${stream}`));
    });
    const onOutput = (chunk: Buffer): void => {
      if (io.tty) io.stdout?.write(chunk);
      else frames.push(chunk);
    };
    socket.on('data', onOutput);
    socket.on('end', () => {
      restore();
      if (hasOutput || !stdin) finish(undefined);
    });
    socket.on('close', () => finish(undefined));
    socket.on('error', (err) => finish(err));
    socket.resume();

    const escape = io.tty && stdin ? escapeMatcher(io.detachKeys) : undefined;
    const onInput = (chunk: Buffer): void => {
      if (!escape) {
        socket.write(chunk);
        return;
      }
      const { pass, detached } = escape(chunk);
      if (pass.length > 0) socket.write(pass);
      if (detached) finish(undefined, true);
    };
    const onInputEnd = (): void => {
      restore();
      socket.end();
      if (!hasOutput) finish(undefined);
    };
    if (stdin) {
      stdin.on('data', onInput);
      stdin.once('end', onInputEnd);
      stdin.resume();
    } else socket.end();
  });
}

/** term.EscapeProxy: holds back a partial detach sequence; a full one detaches. */
function escapeMatcher(keys: string | undefined): (chunk: Buffer) => { pass: Buffer; detached: boolean } {
  let seq = [16, 17];
  if (keys) {
    try {
      seq = detachKeyBytes(keys);
    } catch (err) {
      process.stderr.write(`WARN: invalid detach escape keys, using default: ${(err as Error).message}\n`);
    }
  }
  let held: number[] = [];
  return (chunk) => {
    const pass: number[] = [];
    for (const b of chunk) {
      if (b === seq[held.length]) {
        held.push(b);
        if (held.length === seq.length) return { pass: Buffer.from(pass), detached: true };
        continue;
      }
      pass.push(...held, b);
      held = [];
    }
    return { pass: Buffer.from(pass), detached: false };
  };
}
