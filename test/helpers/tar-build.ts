// Hand-made tar archives for the hostile-archive cases: entries exactly as written (absolute names,
// `..`, links anywhere, device nodes), PAX local and global records.
import { blockSize, encodeHeader, padding } from '../../src/images/tar-header.js';

export interface TarSpecEntry {
  name: string;
  /** '0' file (default), '1' hard link, '2' symlink, '3' char device, '5' dir, 'x'/'g' PAX. */
  type?: string;
  linkname?: string;
  data?: string | Buffer;
  mode?: number;
  devmajor?: number;
  devminor?: number;
  /** PAX records for this entry. */
  pax?: Record<string, string>;
}

function paxRecords(records: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(records)) {
    const body = Buffer.from(` ${k}=${v}\n`);
    let len = body.length + 1;
    while (String(len).length + body.length !== len) len = String(len).length + body.length;
    parts.push(Buffer.concat([Buffer.from(String(len)), body]));
  }
  return Buffer.concat(parts);
}

function entry(name: string, type: string, data: Buffer, e: Partial<TarSpecEntry> = {}): Buffer {
  const header = encodeHeader({
    name,
    mode: e.mode ?? (type === '5' ? 0o755 : 0o644),
    uid: 0,
    gid: 0,
    size: type === '0' || type === 'x' || type === 'g' ? data.length : 0,
    mtime: 1_700_000_000,
    typeflag: type,
    linkname: e.linkname ?? '',
    devmajor: e.devmajor ?? 0,
    devminor: e.devminor ?? 0,
  });
  const body = type === '0' || type === 'x' || type === 'g' ? data : Buffer.alloc(0);
  return Buffer.concat([header, body, Buffer.alloc(padding(body.length))]);
}

export function buildTar(entries: TarSpecEntry[], opts: { global?: Record<string, string> } = {}): Buffer {
  const parts: Buffer[] = [];
  if (opts.global) parts.push(entry('pax_global_header', 'g', paxRecords(opts.global)));
  for (const e of entries) {
    if (e.pax) parts.push(entry('PaxHeaders/x', 'x', paxRecords(e.pax)));
    const data = typeof e.data === 'string' ? Buffer.from(e.data) : (e.data ?? Buffer.alloc(0));
    parts.push(entry(e.name, e.type ?? '0', data, e));
  }
  parts.push(Buffer.alloc(blockSize * 2));
  return Buffer.concat(parts);
}
