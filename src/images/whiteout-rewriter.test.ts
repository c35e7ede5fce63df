import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { blockSize, encodeHeader, encodePax, padding, type TarHeader } from './tar-header.js';
import { readTar } from './tar-reader.js';
import { unpackLayer } from './unpack-layer.js';
import { WhiteoutRewriter } from './whiteout-rewriter.js';

const asRoot = process.getuid?.() === 0;

function entry(name: string, typeflag: string, data = '', mode = 0o644): Buffer {
  const h: TarHeader = {
    name,
    mode,
    uid: 0,
    gid: 0,
    size: Buffer.byteLength(data),
    mtime: 0,
    typeflag,
    linkname: '',
    devmajor: 0,
    devminor: 0,
  };
  return Buffer.concat([encodeHeader(h), Buffer.from(data), Buffer.alloc(padding(h.size))]);
}

const longDir = `deep/${'x'.repeat(120)}`;
const layer = Buffer.concat([
  entry('d/', '5', '', 0o750),
  entry('d/keep', '0', 'kept'),
  entry('d/.wh.gone', '0'),
  entry('o/', '5', '', 0o711),
  entry('o/.wh..wh..opq', '0'),
  entry('o/.wh..wh.plnk', '0'),
  encodePax([['path', `${longDir}/.wh.${'y'.repeat(90)}`]], 0),
  entry('placeholder', '0'),
  Buffer.alloc(blockSize * 2),
]);

const rewrite = async (input: Buffer): Promise<Buffer> =>
  buffer(Readable.from([input]).pipe(new WhiteoutRewriter()));

describe('layer whiteouts in overlayfs form', () => {
  it('rewrites .wh. entries into 0:0 character devices and opaque markers into xattrs', async () => {
    const entries = readTar(await rewrite(layer));
    const byName = new Map(entries.map((e) => [e.name.replace(/\/$/, ''), e]));
    expect(byName.get('d/keep')?.data.toString()).toBe('kept');
    expect(byName.get('d/gone')).toMatchObject({ type: '3', devmajor: 0, devminor: 0 });
    expect(byName.has('d/.wh.gone')).toBe(false);
    const opaque = entries.filter((e) => e.name === 'o/');
    expect(opaque[opaque.length - 1]).toMatchObject({
      type: '5',
      mode: 0o711,
      xattrs: { 'trusted.overlay.opaque': 'y' },
    });
    expect(entries.some((e) => e.name.includes('.wh.'))).toBe(false);
    expect(byName.get(`${longDir}/${'y'.repeat(90)}`)?.type).toBe('3');
  });

  it('refuses a header with a bad checksum and a stream cut inside an entry', async () => {
    const bad = Buffer.from(layer);
    bad[0] = 0x41;
    await expect(rewrite(bad)).rejects.toThrow('archive/tar: invalid tar header');
    await expect(rewrite(layer.subarray(0, blockSize + 100))).rejects.toThrow('unexpected EOF');
  });

  it.skipIf(!asRoot)(
    'unpacks with GNU tar: devices, xattrs, modes; diff id of the uncompressed bytes',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'swo-'));
      try {
        const dest = join(dir, 'diff');
        const res = await unpackLayer(Readable.from([gzipSync(layer)]), dest);
        expect(res.diffId).toBe(`sha256:${createHash('sha256').update(layer).digest('hex')}`);
        expect(res.size).toBe(4);
        expect(readFileSync(join(dest, 'd', 'keep'), 'utf8')).toBe('kept');
        const gone = lstatSync(join(dest, 'd', 'gone'));
        expect(gone.isCharacterDevice()).toBe(true);
        expect(gone.rdev).toBe(0);
        expect(lstatSync(join(dest, 'd')).mode & 0o777).toBe(0o750);
        const listed = readTar(
          execFileSync('tar', ['--xattrs', '--xattrs-include=*', '-C', dest, '-cf', '-', 'o']),
        );
        expect(listed.find((e) => e.name === 'o/')?.xattrs).toEqual({ 'trusted.overlay.opaque': 'y' });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
