import { writeSync } from 'node:fs';
import { nowNs, rfc3339Nano } from './clock.js';

/** moby daemon/logger/copier.go defaultBufSize: longer lines are logged in partial pieces. */
export const MAX_LINE = 16 * 1024;

const hex = '0123456789abcdef';

/** Go's utf8.DecodeRune: [code point, size], or [-1, 1] for an invalid or truncated sequence. */
function decodeRune(b: Buffer, i: number): [number, number] {
  const c0 = b[i] as number;
  let size: number;
  let cp: number;
  let min: number;
  if (c0 >= 0xc2 && c0 <= 0xdf) [size, cp, min] = [2, c0 & 0x1f, 0x80];
  else if (c0 >= 0xe0 && c0 <= 0xef) [size, cp, min] = [3, c0 & 0x0f, 0x800];
  else if (c0 >= 0xf0 && c0 <= 0xf4) [size, cp, min] = [4, c0 & 0x07, 0x10000];
  else return [-1, 1];
  if (i + size > b.length) return [-1, 1];
  for (let k = 1; k < size; k++) {
    const c = b[i + k] as number;
    if ((c & 0xc0) !== 0x80) return [-1, 1];
    cp = (cp << 6) | (c & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return [-1, 1];
  return [cp, size];
}

/**
 * moby jsonlog ffjsonWriteJSONBytesAsString: `"`, `\` escaped; \n and \r as such; other control
 * bytes and `<`, `>`, `&` as \u00XX; each invalid UTF-8 byte as \ufffd; U+2028/2029 escaped.
 */
export function goJsonString(b: Buffer): string {
  let out = '"';
  let start = 0;
  let i = 0;
  const flush = (): void => {
    if (start < i) out += b.toString('utf8', start, i);
  };
  while (i < b.length) {
    const c = b[i] as number;
    if (c < 0x80) {
      if (c >= 0x20 && c !== 0x5c && c !== 0x22 && c !== 0x3c && c !== 0x3e && c !== 0x26) {
        i++;
        continue;
      }
      flush();
      if (c === 0x5c || c === 0x22) out += `\\${String.fromCharCode(c)}`;
      else if (c === 0x0a) out += '\\n';
      else if (c === 0x0d) out += '\\r';
      else out += `\\u00${hex[c >> 4]}${hex[c & 0xf]}`;
      start = ++i;
      continue;
    }
    const [cp, size] = decodeRune(b, i);
    if (cp < 0 || cp === 0x2028 || cp === 0x2029) {
      flush();
      out += cp < 0 ? '\\ufffd' : `\\u202${hex[cp & 0xf]}`;
      i += size;
      start = i;
      continue;
    }
    i += size;
  }
  flush();
  return `${out}"`;
}

/** One json-file line: `{"log":…,"stream":…,"time":…}` and a newline (moby jsonlog MarshalJSONBuf). */
export function jsonLogLine(log: Buffer, stream: string, time: string): string {
  const parts: string[] = [];
  if (log.length > 0) parts.push(`"log":${goJsonString(log)}`);
  if (stream !== '') parts.push(`"stream":${goJsonString(Buffer.from(stream))}`);
  parts.push(`"time":"${time}"`);
  return `{${parts.join(',')}}\n`;
}

/**
 * Docker's copier + json-file logger for one stream: each line (newline included) is one entry;
 * a line longer than MAX_LINE is logged in pieces without newlines, all stamped with the time of
 * the first piece; what is left at the end of the stream is logged as it is.
 */
export class StreamLogger {
  private pending: Buffer = Buffer.alloc(0);
  private partialTime: string | undefined;

  constructor(
    private readonly fd: number,
    private readonly stream: 'stdout' | 'stderr',
  ) {}

  write(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    let out = '';
    for (;;) {
      const nl = this.pending.indexOf(0x0a);
      if (nl >= 0 && nl < MAX_LINE) {
        out += this.entry(this.pending.subarray(0, nl + 1), true);
        this.pending = this.pending.subarray(nl + 1);
      } else if (this.pending.length >= MAX_LINE) {
        out += this.entry(this.pending.subarray(0, MAX_LINE), false);
        this.pending = this.pending.subarray(MAX_LINE);
      } else {
        break;
      }
    }
    if (out !== '') this.append(out);
  }

  /** The end of the stream: logs what is left. */
  end(): void {
    if (this.pending.length > 0) this.append(this.entry(this.pending, false));
    this.pending = Buffer.alloc(0);
  }

  private entry(line: Buffer, complete: boolean): string {
    const time = this.partialTime ?? rfc3339Nano(nowNs());
    this.partialTime = complete ? undefined : time;
    return jsonLogLine(line, this.stream, time);
  }

  private append(text: string): void {
    try {
      writeSync(this.fd, text);
    } catch {
      // A full disk loses log lines, never the container (as Docker's copier only logs the error).
    }
  }
}
