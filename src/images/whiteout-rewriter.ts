/**
 * A streaming rewrite of a layer tar into the form GNU tar extracts straight into an overlayfs lower
 * directory (what moby's overlay whiteout converter does while applying a layer):
 *
 *   `<dir>/.wh.<name>`   → a character device 0:0 named `<dir>/<name>` (an overlay whiteout)
 *   `<dir>/.wh..wh..opq` → the directory `<dir>/` again, with xattr `trusted.overlay.opaque=y`
 *   `<dir>/.wh..wh.*`    → dropped (aufs metadata, which Docker skips too)
 *
 * Every other byte passes unchanged. The entry names of rewritten entries go in PAX records, so long
 * paths survive. Input ends at the end-of-archive marker: anything after it is read and discarded
 * (the caller hashes the whole stream before this transform). A header with a bad checksum is Go's
 * `archive/tar: invalid tar header`; a stream cut inside an entry is `unexpected EOF`.
 */
import { Transform, type TransformCallback } from 'node:stream';
import {
  blockSize,
  encodeHeader,
  encodePax,
  isZeroBlock,
  padding,
  parseHeader,
  parsePax,
  type TarHeader,
} from './tar-header.js';

const whiteoutPrefix = '.wh.';
const whiteoutMetaPrefix = '.wh..wh.';
const opaqueMarker = '.wh..wh..opq';
const empty = Buffer.alloc(0);

type DataMode = 'pass' | 'skip' | 'collect';

export class WhiteoutRewriter extends Transform {
  /** Entries seen (meta entries excluded): zero means the stream held no archive at all. */
  entries = 0;
  /** Whiteouts and opaque markers converted. */
  whiteouts = 0;

  private partial: Buffer = empty;
  private remaining = 0;
  private dataMode: DataMode = 'pass';
  private collected: Buffer[] = [];
  private collectSize = 0;
  private metaType = '';
  private pending: Buffer[] = [];
  private paxPath: string | undefined;
  private longName: string | undefined;
  private zeroBlocks = 0;
  private ended = false;
  private readonly dirs = new Map<string, TarHeader>();

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    try {
      this.feed(chunk);
      cb();
    } catch (err) {
      cb(err as Error);
    }
  }

  override _flush(cb: TransformCallback): void {
    if (!this.ended && (this.partial.length > 0 || this.remaining > 0 || this.pending.length > 0)) {
      cb(new Error('unexpected EOF'));
      return;
    }
    // An archive that stops at an entry boundary without its end marker (or an empty stream) is
    // complete for Go's reader; give GNU tar the marker it expects.
    if (!this.ended) this.push(Buffer.alloc(blockSize * 2));
    cb();
  }

  private feed(chunk: Buffer): void {
    let off = 0;
    while (off < chunk.length && !this.ended) {
      if (this.remaining > 0) {
        const n = Math.min(this.remaining, chunk.length - off);
        const piece = chunk.subarray(off, off + n);
        if (this.dataMode === 'pass') this.push(piece);
        else if (this.dataMode === 'collect') this.collected.push(piece);
        this.remaining -= n;
        off += n;
        if (this.remaining === 0 && this.dataMode === 'collect') this.finishMeta();
        continue;
      }
      const n = Math.min(blockSize - this.partial.length, chunk.length - off);
      const bytes = chunk.subarray(off, off + n);
      this.partial = this.partial.length === 0 ? Buffer.from(bytes) : Buffer.concat([this.partial, bytes]);
      off += n;
      if (this.partial.length < blockSize) return;
      const block = this.partial;
      this.partial = empty;
      this.onBlock(block);
    }
  }

  private onBlock(block: Buffer): void {
    if (isZeroBlock(block)) {
      this.zeroBlocks++;
      this.push(block);
      if (this.zeroBlocks === 2) this.ended = true;
      return;
    }
    this.zeroBlocks = 0;
    const h = parseHeader(block);
    const dataBytes = h.size + padding(h.size);
    if (h.typeflag === 'x' || h.typeflag === 'L' || h.typeflag === 'K') {
      this.pending.push(block);
      this.metaType = h.typeflag;
      this.collectSize = h.size;
      this.collected = [];
      this.startData('collect', dataBytes);
      if (dataBytes === 0) this.finishMeta();
      return;
    }
    if (h.typeflag === 'g') {
      this.push(block);
      this.startData('pass', dataBytes);
      return;
    }
    this.entries++;
    const name = this.paxPath ?? this.longName ?? h.name;
    const pending = this.pending;
    this.pending = [];
    this.paxPath = undefined;
    this.longName = undefined;

    const trimmed = name.replace(/\/+$/, '');
    const slash = trimmed.lastIndexOf('/');
    const base = trimmed.slice(slash + 1);
    const dir = slash < 0 ? '' : trimmed.slice(0, slash);
    if (h.typeflag === '5') this.dirs.set(normalise(trimmed), h);

    if (!base.startsWith(whiteoutPrefix)) {
      for (const p of pending) this.push(p);
      this.push(block);
      this.startData('pass', dataBytes);
      return;
    }
    this.startData('skip', dataBytes);
    if (base === opaqueMarker) {
      this.whiteouts++;
      const target = dir === '' ? './' : `${dir}/`;
      const seen = this.dirs.get(normalise(dir));
      this.push(
        encodePax(
          [
            ['path', target],
            ['SCHILY.xattr.trusted.overlay.opaque', 'y'],
          ],
          h.mtime,
        ),
      );
      this.push(
        encodeHeader({
          ...blankEntry(target, seen?.mtime ?? h.mtime),
          typeflag: '5',
          mode: seen?.mode ?? 0o755,
          uid: seen?.uid ?? 0,
          gid: seen?.gid ?? 0,
        }),
      );
    } else if (!base.startsWith(whiteoutMetaPrefix)) {
      this.whiteouts++;
      const target = (dir === '' ? '' : `${dir}/`) + base.slice(whiteoutPrefix.length);
      this.push(encodePax([['path', target]], h.mtime));
      this.push(encodeHeader({ ...blankEntry(target, h.mtime), typeflag: '3', uid: h.uid, gid: h.gid }));
    }
  }

  private startData(mode: DataMode, bytes: number): void {
    this.dataMode = mode;
    this.remaining = bytes;
  }

  private finishMeta(): void {
    const data = Buffer.concat(this.collected).subarray(0, this.collectSize);
    this.collected = [];
    this.pending.push(data, Buffer.alloc(padding(data.length)));
    if (this.metaType === 'x') {
      const path = parsePax(data).get('path');
      if (path !== undefined) this.paxPath = path;
    } else if (this.metaType === 'L') {
      const nul = data.indexOf(0);
      this.longName = data.subarray(0, nul < 0 ? data.length : nul).toString('utf8');
    }
  }
}

function normalise(path: string): string {
  return path.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
}

function blankEntry(name: string, mtime: number): TarHeader {
  return {
    name,
    mode: 0,
    uid: 0,
    gid: 0,
    size: 0,
    mtime,
    typeflag: '0',
    linkname: '',
    devmajor: 0,
    devminor: 0,
  };
}
