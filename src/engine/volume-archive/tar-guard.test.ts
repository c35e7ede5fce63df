import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { blockSize, encodeHeader, encodePax, padding } from '../../images/tar-header.js';
import { TarGuard, type GuardedEntry } from './tar-guard.js';

function header(name: string, typeflag: string, size = 0, linkname = ''): Buffer {
  return encodeHeader({
    name,
    mode: 0o644,
    uid: 0,
    gid: 0,
    size,
    mtime: 0,
    typeflag,
    linkname,
    devmajor: 0,
    devminor: 0,
  });
}
function file(name: string, data: string): Buffer {
  const d = Buffer.from(data);
  return Buffer.concat([header(name, '0', d.length), d, Buffer.alloc(padding(d.length))]);
}
const end = Buffer.alloc(blockSize * 2);

/** Recomputes a header's checksum after its bytes were changed by hand. */
function resum(h: Buffer): Buffer {
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : (h[i] as number);
  h.write(sum.toString(8).padStart(6, '0'), 148, 6, 'latin1');
  return h;
}

/** A header whose name is exactly these bytes (invalid UTF-8 included). */
function rawName(h: Buffer, bytes: number[]): Buffer {
  h.fill(0, 0, 100);
  Buffer.from(bytes).copy(h, 0);
  return resum(h);
}

/** Runs the guard over `tar` in chunks of `chunk` bytes; answers what it forwarded and saw. */
async function guard(tar: Buffer, chunk = 7, check: (e: GuardedEntry) => void = () => undefined) {
  const seen: GuardedEntry[] = [];
  let globals: ReadonlyMap<string, string> | undefined;
  const out = new PassThrough();
  const forwarded: Buffer[] = [];
  out.on('data', (c: Buffer) => forwarded.push(c));
  const g = new TarGuard({
    check: (e) => {
      check(e);
      seen.push(e);
    },
    open: (gl) => {
      globals = gl;
      return Promise.resolve(out);
    },
  });
  const parts: Buffer[] = [];
  for (let i = 0; i < tar.length; i += chunk) parts.push(tar.subarray(i, i + chunk));
  await new Promise<void>((resolve, reject) => {
    g.once('finish', resolve);
    g.once('error', reject);
    Readable.from(parts).pipe(g);
  });
  return { seen, globals, forwarded: Buffer.concat(forwarded) };
}

describe('TarGuard', () => {
  it('forwards an archive byte for byte whatever the chunking, and reports its entries', async () => {
    const tar = Buffer.concat([file('a', 'hello'), header('d/', '5'), file('d/b', 'x'.repeat(1000)), end]);
    for (const chunk of [1, 7, 512, 100_000]) {
      const r = await guard(tar, chunk);
      expect(r.forwarded.equals(tar)).toBe(true);
      expect(r.seen.map((e) => [e.name, e.type, e.size])).toEqual([
        ['a', '0', 5],
        ['d/', '5', 0],
        ['d/b', '0', 1000],
      ]);
    }
  });

  it('applies PAX path, linkpath, size and GNU long names; keeps invalid UTF-8 bytes', async () => {
    const raw = Buffer.from([0x6e, 0xff, 0x65]).toString('latin1');
    const longName = Buffer.from('L'.repeat(150));
    const tar = Buffer.concat([
      encodePax([['path', 'pax/name']], 0),
      file('short', 'x'),
      header('././@LongLink', 'L', longName.length),
      longName,
      Buffer.alloc(padding(longName.length)),
      file('cut', 'y'),
      rawName(header('xxx', '0', 0), [0x6e, 0xff, 0x65]),
      end,
    ]);
    const r = await guard(tar);
    expect(r.seen.map((e) => e.name)).toEqual(['pax/name', 'L'.repeat(150), raw]);
  });

  it('hands the global records ahead of the first entry to open', async () => {
    const g = encodePax([['STRATA.volume', 'abc']], 0);
    g[156] = 'g'.charCodeAt(0);
    resum(g);
    const r = await guard(Buffer.concat([g, file('a', 'x'), end]));
    expect(r.globals?.get('STRATA.volume')).toBe('abc');
  });

  it('forwards nothing of a refused entry', async () => {
    const tar = Buffer.concat([file('ok', 'fine'), file('bad', 'evil'), end]);
    await expect(
      guard(tar, 3, (e) => {
        if (e.name === 'bad') throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
  });

  it('forwards metadata entries with their entry, byte for byte whatever the chunking', async () => {
    const longName = Buffer.from('L'.repeat(150));
    const tar = Buffer.concat([
      encodePax([['path', 'pax/name']], 0),
      file('short', 'x'.repeat(3000)),
      header('././@LongLink', 'L', longName.length),
      longName,
      Buffer.alloc(padding(longName.length)),
      file('cut', 'y'),
      end,
    ]);
    for (const chunk of [1, 5, 511, 513, 1024, 4096, 100_000]) {
      expect((await guard(tar, chunk)).forwarded.equals(tar)).toBe(true);
    }
  });

  it('lets out exactly the entries before a refused one: none of its bytes, its PAX header neither', async () => {
    const ok = file('ok', 'fine');
    const tar = Buffer.concat([
      ok,
      encodePax([['path', 'bad']], 0),
      file('x', 'evil'),
      file('z', 'later'),
      end,
    ]);
    for (const chunk of [1, 3, 512, 100_000]) {
      const out = new PassThrough();
      const forwarded: Buffer[] = [];
      out.on('data', (c: Buffer) => forwarded.push(c));
      const g = new TarGuard({
        check: (e) => {
          if (e.name === 'bad') throw new Error('refused');
        },
        open: () => Promise.resolve(out),
      });
      const parts: Buffer[] = [];
      for (let i = 0; i < tar.length; i += chunk) parts.push(tar.subarray(i, i + chunk));
      await expect(
        new Promise<void>((resolve, reject) => {
          g.once('finish', resolve);
          g.once('error', reject);
          Readable.from(parts).pipe(g);
        }),
      ).rejects.toThrow('refused');
      await new Promise((r) => setImmediate(r));
      const sent = Buffer.concat(forwarded);
      expect(ok.subarray(0, sent.length).equals(sent)).toBe(true);
      expect(sent.includes('evil')).toBe(false);
    }
  });

  it('refuses a bad checksum, a truncated archive, unknown types and data on links', async () => {
    const bad = file('a', 'x');
    bad[0] = 0x62;
    await expect(guard(Buffer.concat([bad, end]))).rejects.toThrow('invalid tar header');
    await expect(guard(file('a', 'x'.repeat(600)).subarray(0, 700))).rejects.toThrow(
      'unexpected end of archive',
    );
    await expect(guard(Buffer.concat([header('v', 'V'), end]))).rejects.toThrow('unsupported entry type');
    await expect(guard(Buffer.concat([header('l', '2', 512, 'x'), Buffer.alloc(512), end]))).rejects.toThrow(
      'carries no data',
    );
  });

  it('stops at the end marker and ignores what follows it', async () => {
    const tar = Buffer.concat([file('a', 'x'), end, file('after', 'y')]);
    const r = await guard(tar);
    expect(r.seen.map((e) => e.name)).toEqual(['a']);
    expect(r.forwarded.length).toBe(file('a', 'x').length + end.length);
  });

  it('turns an empty body into an empty archive', async () => {
    const r = await guard(Buffer.alloc(0));
    expect(r.forwarded.equals(end)).toBe(true);
  });
});
