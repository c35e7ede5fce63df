/**
 * An archive whose tar starts only once the route knows where the bytes go: a pipe the daemon reads
 * (`stream`), or the client's connection itself (`sendTo`), so that tar writes straight into the
 * socket and no byte of a large export passes through the daemon's JavaScript.
 */
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import type { TarRun } from './gnu-tar.js';

export class DeferredArchive {
  /** Settles as the tar run does; rejects when the archive is closed before it started. */
  readonly done: Promise<void>;
  private run: TarRun | undefined;
  private closed = false;
  private settle: (outcome: Promise<void>) => void = () => undefined;

  constructor(private readonly begin: (output?: Socket) => TarRun) {
    this.done = new Promise<void>((resolve) => {
      this.settle = resolve;
    });
    this.done.catch(() => undefined);
  }

  /** tar's stdout as a pipe (starts tar). */
  get stream(): Readable {
    return this.start().child.stdout as Readable;
  }

  /** Starts tar with `socket` as its stdout; call after the response head is on the wire. */
  sendTo(socket: Socket): void {
    this.start(socket);
  }

  /** Stops tar (the client went away), or makes sure it never starts. */
  close(): void {
    if (this.run) {
      this.run.kill();
      return;
    }
    if (this.closed) return;
    this.closed = true;
    this.settle(Promise.reject(new Error('the archive was closed before it started')));
  }

  private start(output?: Socket): TarRun {
    if (this.run) {
      if (output) throw new Error('the archive has started already');
      return this.run;
    }
    if (this.closed) throw new Error('the archive was closed');
    this.run = this.begin(output);
    this.settle(this.run.done);
    return this.run;
  }
}
