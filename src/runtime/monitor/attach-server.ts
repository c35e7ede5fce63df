import { createServer, type Server, type Socket } from 'node:net';
import { unlinkSync } from 'node:fs';
import {
  encodeFrame,
  FRAME_ACK,
  FRAME_STDERR,
  FRAME_STDOUT,
  type ExitRecord,
  type Request,
} from './protocol.js';

/** A client that falls this far behind is dropped rather than buffered without bound. */
const MAX_BACKLOG = 16 * 1024 * 1024;

export interface AttachServerOptions {
  socketPath: string;
  /** Whether clients may write to the process's stdin. */
  openStdin: boolean;
  /** End-of-stdin from a client closes the process's stdin (StdinOnce without a TTY). */
  closeStdinOnEof: boolean;
  writeStdin(data: Buffer): void;
  closeStdin(): void;
  resize(size: { height: number; width: number }): Promise<void>;
}

/** The monitor's socket: attach clients get live output, waiters the exit. See protocol.ts. */
export class AttachServer {
  private readonly server: Server;
  private readonly attached = new Set<Socket>();
  private readonly waiters = new Set<Socket>();
  private exit: ExitRecord | undefined;

  constructor(private readonly opts: AttachServerOptions) {
    this.server = createServer({ allowHalfOpen: true }, (socket) => this.accept(socket));
  }

  listen(): Promise<void> {
    try {
      unlinkSync(this.opts.socketPath);
    } catch {
      // no stale socket
    }
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.opts.socketPath, () => resolve());
    });
  }

  broadcast(stream: 'stdout' | 'stderr', data: Buffer): void {
    if (this.attached.size === 0) return;
    const frame = encodeFrame(stream === 'stdout' ? FRAME_STDOUT : FRAME_STDERR, data);
    for (const socket of this.attached) {
      if (socket.writableLength > MAX_BACKLOG) {
        this.attached.delete(socket);
        socket.destroy();
      } else {
        socket.write(frame);
      }
    }
  }

  /** The process exited: waiters get the record, attach clients their end of stream. */
  finish(exit: ExitRecord): Promise<void> {
    this.exit = exit;
    const line = `${JSON.stringify(exit)}\n`;
    const ends: Array<Promise<void>> = [];
    const end = (socket: Socket, data?: string) =>
      ends.push(
        new Promise((resolve) => {
          socket.once('close', () => resolve());
          if (data === undefined) socket.end();
          else socket.end(data);
          setTimeout(() => {
            socket.destroy();
            resolve();
          }, 2000).unref();
        }),
      );
    for (const s of this.waiters) end(s, line);
    for (const s of this.attached) end(s);
    this.waiters.clear();
    this.attached.clear();
    return Promise.all(ends).then(() => undefined);
  }

  close(): void {
    this.server.close();
    try {
      unlinkSync(this.opts.socketPath);
    } catch {
      // already gone
    }
  }

  private accept(socket: Socket): void {
    socket.on('error', () => socket.destroy());
    let head = Buffer.alloc(0);
    const onHead = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const nl = head.indexOf(0x0a);
      if (nl < 0) {
        if (head.length > 4096) socket.destroy();
        return;
      }
      socket.off('data', onHead);
      let req: Request;
      try {
        req = JSON.parse(head.subarray(0, nl).toString()) as Request;
      } catch {
        socket.destroy();
        return;
      }
      this.handle(socket, req, head.subarray(nl + 1));
    };
    socket.on('data', onHead);
  }

  private handle(socket: Socket, req: Request, rest: Buffer): void {
    if (req.op === 'wait') {
      if (this.exit) socket.end(`${JSON.stringify(this.exit)}\n`);
      else this.waiters.add(socket);
      socket.on('close', () => this.waiters.delete(socket));
      return;
    }
    if (req.op === 'resize') {
      this.opts.resize({ height: req.height, width: req.width }).then(
        () => socket.end('{}\n'),
        (err: unknown) => socket.end(`${JSON.stringify({ error: String(err) })}\n`),
      );
      return;
    }
    if (this.exit) {
      socket.end();
      return;
    }
    this.attached.add(socket);
    socket.on('close', () => this.attached.delete(socket));
    socket.write(encodeFrame(FRAME_ACK, Buffer.alloc(0)));
    const stdin = req.stdin && this.opts.openStdin;
    if (stdin && rest.length > 0) this.opts.writeStdin(rest);
    socket.on('data', (data: Buffer) => {
      if (stdin) this.opts.writeStdin(data);
    });
    socket.on('end', () => {
      if (stdin && this.opts.closeStdinOnEof) {
        this.opts.closeStdin();
        return;
      }
      // Detach: the client's output ends, the container goes on.
      this.attached.delete(socket);
      socket.end();
    });
  }
}
