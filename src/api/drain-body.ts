import type { IncomingMessage } from 'node:http';

/** What is read and thrown away after a handler is done with a body; beyond it the upload is cut. */
const drainLimit = 1 << 20;

/**
 * Reads what the client is still sending once a handler has what it needs (a tar archive's end
 * padding after its end marker, say), before the answer ends: closing a connection whose body was
 * not read makes the client's upload, and with it the answer, fail. Go's server drains the same way
 * (up to 256 KiB); past `drainLimit` the rest is not waited for.
 */
export async function drainBody(req: IncomingMessage): Promise<void> {
  if (req.readableEnded || req.destroyed) return;
  await new Promise<void>((resolve) => {
    let seen = 0;
    const done = (): void => {
      req.off('data', onData);
      resolve();
    };
    const onData = (chunk: Buffer): void => {
      seen += chunk.length;
      if (seen > drainLimit) {
        req.destroy();
        done();
      }
    };
    req.on('data', onData);
    req.once('end', done);
    req.once('close', done);
    req.once('error', done);
    req.resume();
  });
}
