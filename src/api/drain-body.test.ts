import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { drainBody } from './drain-body.js';

/** A server that reads one chunk of the body, then drains (or not), then answers and closes. */
async function upload(drain: boolean): Promise<string> {
  const server = createServer((req, res) => {
    req.once('data', () => {
      req.pause();
      void (drain ? drainBody(req) : Promise.resolve()).then(() => {
        res.writeHead(200, { Connection: 'close' });
        res.end('ok');
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  try {
    return await new Promise<string>((resolve) => {
      const req = request(
        { port, method: 'POST', host: '127.0.0.1', headers: { Connection: 'close' } },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve(body));
          res.on('error', (e) => resolve(`error: ${e.message}`));
        },
      );
      req.on('error', (e) => resolve(`error: ${e.message}`));
      // 64 KiB chunks, written over a few turns, as a tar's end padding arrives after its contents.
      let left = 12;
      const more = (): void => {
        if (left-- === 0) return void req.end();
        req.write(Buffer.alloc(64 * 1024));
        setImmediate(more);
      };
      more();
    });
  } finally {
    server.close();
  }
}

describe('drainBody', () => {
  it('lets an upload finish when the handler needed only its start', async () => {
    expect(await upload(true)).toBe('ok');
  });
});
