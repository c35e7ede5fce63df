import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameDecoder, LineReader } from './protocol.js';

describe('monitor protocol', () => {
  it('frames survive any split of the byte stream', () => {
    const bytes = Buffer.concat([
      encodeFrame(0, Buffer.alloc(0)),
      encodeFrame(1, Buffer.from('out')),
      encodeFrame(2, Buffer.from('err!')),
    ]);
    const got: string[] = [];
    const d = new FrameDecoder((k, p) => got.push(`${k}:${p.toString()}`));
    for (const b of bytes) d.push(Buffer.from([b]));
    expect(got).toEqual(['0:', '1:out', '2:err!']);
  });

  it('lines', () => {
    const lines: string[] = [];
    const r = new LineReader((l) => lines.push(l));
    r.push('{"a":1}\n{"b"');
    r.push(':2}\n');
    expect(lines).toEqual(['{"a":1}', '{"b":2}']);
  });
});
