/**
 * Reads a whole (uncompressed) tar held in memory into its entries: for the in-memory fake store
 * and for tests. PAX `path`/`linkpath` and GNU long names are applied; data is kept for regular
 * files only.
 */
import { blockSize, isZeroBlock, padding, parseHeader, parsePax } from './tar-header.js';

export interface TarEntry {
  name: string;
  /** '0' file, '1' hardlink, '2' symlink, '3' char device, '5' directory, … */
  type: string;
  linkname: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  devmajor: number;
  devminor: number;
  data: Buffer;
  xattrs: Record<string, string>;
}

export function readTar(buf: Buffer): TarEntry[] {
  const out: TarEntry[] = [];
  let pos = 0;
  let pax = new Map<string, string>();
  let longName: string | undefined;
  let longLink: string | undefined;
  while (pos + blockSize <= buf.length) {
    const block = buf.subarray(pos, pos + blockSize);
    pos += blockSize;
    if (isZeroBlock(block)) continue;
    const h = parseHeader(block);
    if (pos + h.size > buf.length) throw new Error('unexpected EOF');
    const data = buf.subarray(pos, pos + h.size);
    pos += h.size + padding(h.size);
    if (h.typeflag === 'x') {
      pax = parsePax(data);
      continue;
    }
    if (h.typeflag === 'g') continue;
    if (h.typeflag === 'L' || h.typeflag === 'K') {
      const nul = data.indexOf(0);
      const text = data.subarray(0, nul < 0 ? data.length : nul).toString('utf8');
      if (h.typeflag === 'L') longName = text;
      else longLink = text;
      continue;
    }
    const xattrs: Record<string, string> = {};
    for (const [k, v] of pax) if (k.startsWith('SCHILY.xattr.')) xattrs[k.slice(13)] = v;
    out.push({
      name: pax.get('path') ?? longName ?? h.name,
      type: h.typeflag,
      linkname: pax.get('linkpath') ?? longLink ?? h.linkname,
      mode: h.mode,
      uid: h.uid,
      gid: h.gid,
      size: h.size,
      devmajor: h.devmajor,
      devminor: h.devminor,
      data: h.typeflag === '0' || h.typeflag === '7' ? Buffer.from(data) : Buffer.alloc(0),
      xattrs,
    });
    pax = new Map();
    longName = undefined;
    longLink = undefined;
  }
  return out;
}
