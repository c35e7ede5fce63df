/**
 * Reading and writing single tar headers (POSIX ustar, GNU and PAX extensions): just enough to
 * follow a layer stream entry by entry and to write the few headers the whiteout conversion needs.
 * Data blocks are never interpreted here.
 */

export const blockSize = 512;

export interface TarHeader {
  /** name field joined with the ustar prefix (PAX/GNU long names are applied by the caller). */
  name: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  typeflag: string;
  linkname: string;
  devmajor: number;
  devminor: number;
}

/** archive/tar's text for a header whose checksum does not match (Go's ErrHeader). */
export const errInvalidHeader = 'archive/tar: invalid tar header';

/** A NUL-terminated header field; `latin1` keeps bytes that are not UTF-8 as they are. */
export function cString(
  buf: Buffer,
  start: number,
  end: number,
  encoding: 'utf8' | 'latin1' = 'utf8',
): string {
  const slice = buf.subarray(start, end);
  const nul = slice.indexOf(0);
  return slice.subarray(0, nul < 0 ? slice.length : nul).toString(encoding);
}

/**
 * Octal (space/NUL padded) or GNU base-256 (high bit set) numbers. Lenient by default, as Go's
 * reader of image layers; `strict` answers NaN for a field that is not all octal digits.
 */
export function parseNumeric(buf: Buffer, start: number, end: number, strict = false): number {
  const first = buf[start] as number;
  if (first & 0x80) {
    let v = first & 0x3f;
    for (let i = start + 1; i < end; i++) v = v * 256 + (buf[i] as number);
    return first & 0x40 ? -v : v;
  }
  const text = cString(buf, start, end, 'latin1').trim();
  if (text === '') return 0;
  if (strict && !/^[0-7]+$/.test(text)) return NaN;
  return parseInt(text, 8);
}

export function isZeroBlock(block: Buffer): boolean {
  for (let i = 0; i < blockSize; i++) if (block[i] !== 0) return false;
  return true;
}

/** The header checksum as ustar defines it (the checksum field counted as spaces). */
export function checksumOf(block: Buffer): number {
  let sum = 0;
  for (let i = 0; i < blockSize; i++) sum += i >= 148 && i < 156 ? 0x20 : (block[i] as number);
  return sum;
}

/** Parses one header block; throws Go's `invalid tar header` when the checksum is wrong. */
export function parseHeader(block: Buffer): TarHeader {
  const stored = parseNumeric(block, 148, 156);
  if (stored !== checksumOf(block)) throw new Error(errInvalidHeader);
  const magic = block.subarray(257, 263).toString('latin1');
  let name = cString(block, 0, 100);
  if (magic === 'ustar\u0000') {
    const prefix = cString(block, 345, 500);
    if (prefix !== '') name = `${prefix}/${name}`;
  }
  return {
    name,
    mode: parseNumeric(block, 100, 108),
    uid: parseNumeric(block, 108, 116),
    gid: parseNumeric(block, 116, 124),
    size: parseNumeric(block, 124, 136),
    mtime: parseNumeric(block, 136, 148),
    typeflag:
      String.fromCharCode(block[156] as number) === '\u0000'
        ? '0'
        : String.fromCharCode(block[156] as number),
    linkname: cString(block, 157, 257),
    devmajor: parseNumeric(block, 329, 337),
    devminor: parseNumeric(block, 337, 345),
  };
}

function writeOctal(block: Buffer, start: number, width: number, value: number): void {
  const text = Math.max(0, Math.floor(value))
    .toString(8)
    .padStart(width - 1, '0');
  if (text.length > width - 1) {
    // Too large for octal: GNU base-256.
    block.fill(0, start, start + width);
    let v = value;
    for (let i = start + width - 1; i > start; i--) {
      block[i] = v % 256;
      v = Math.floor(v / 256);
    }
    block[start] = 0x80;
    return;
  }
  block.write(text, start, width - 1, 'latin1');
  block[start + width - 1] = 0;
}

/** A ustar header block; `name` longer than 100 bytes must also be given in a PAX record. */
export function encodeHeader(h: TarHeader): Buffer {
  const block = Buffer.alloc(blockSize);
  block.write(truncateUtf8(h.name, 100), 0, 100, 'utf8');
  writeOctal(block, 100, 8, h.mode);
  writeOctal(block, 108, 8, h.uid);
  writeOctal(block, 116, 8, h.gid);
  writeOctal(block, 124, 12, h.size);
  writeOctal(block, 136, 12, h.mtime);
  block.write(h.typeflag, 156, 1, 'latin1');
  block.write(truncateUtf8(h.linkname, 100), 157, 100, 'utf8');
  block.write('ustar\u000000', 257, 8, 'latin1');
  writeOctal(block, 329, 8, h.devmajor);
  writeOctal(block, 337, 8, h.devminor);
  const sum = checksumOf(block);
  block.write(sum.toString(8).padStart(6, '0'), 148, 6, 'latin1');
  block[154] = 0;
  block[155] = 0x20;
  return block;
}

function truncateUtf8(s: string, max: number): string {
  let b = Buffer.from(s, 'utf8');
  if (b.length <= max) return s;
  b = b.subarray(0, max);
  return b.toString('utf8').replace(/\ufffd+$/, '');
}

/** Parses PAX records (`<len> key=value\n`). Malformed input yields what parsed. */
export function parsePax(data: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let pos = 0;
  while (pos < data.length) {
    const space = data.indexOf(0x20, pos);
    if (space < 0) break;
    const len = parseInt(data.subarray(pos, space).toString('latin1'), 10);
    if (!Number.isFinite(len) || len <= 0 || pos + len > data.length) break;
    const record = data.subarray(space + 1, pos + len - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) out.set(record.slice(0, eq), record.slice(eq + 1));
    pos += len;
  }
  return out;
}

/** A PAX extended header entry (header + padded data) holding `records`. */
export function encodePax(records: Array<[string, string]>, mtime: number): Buffer {
  const parts: Buffer[] = [];
  for (const [key, value] of records) {
    const body = ` ${key}=${value}\n`;
    const bodyLen = Buffer.byteLength(body);
    let len = bodyLen + String(bodyLen).length;
    if (String(len).length !== String(len - bodyLen).length) len = bodyLen + String(len).length;
    parts.push(Buffer.from(`${len}${body}`, 'utf8'));
  }
  const data = Buffer.concat(parts);
  const header = encodeHeader({
    name: 'PaxHeaders/entry',
    mode: 0o644,
    uid: 0,
    gid: 0,
    size: data.length,
    mtime,
    typeflag: 'x',
    linkname: '',
    devmajor: 0,
    devminor: 0,
  });
  return Buffer.concat([header, data, Buffer.alloc(padding(data.length))]);
}

/** Bytes of zero padding after `size` bytes of entry data. */
export function padding(size: number): number {
  const rem = size % blockSize;
  return rem === 0 ? 0 : blockSize - rem;
}
