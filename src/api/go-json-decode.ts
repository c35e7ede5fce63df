import { goNamedEscapes } from '../errors/index.js';

/**
 * JSON decoding with Go's encoding/json behaviour and error texts, because Docker puts those texts in
 * its answers (`invalid JSON: invalid character 'i' looking for beginning of object key string`).
 *
 * `decodeFirstValue` acts like json.Decoder.Decode on a request body: it reads one value and
 * reports what follows it (for Decoder.More). Objects keep every entry in order (Go applies
 * duplicates in order, merging into maps).
 */
export type GoJsonValue = null | boolean | number | string | GoJsonValue[] | GoJsonObject;
export interface GoJsonObject {
  kind: 'object';
  entries: Array<[string, GoJsonValue]>;
}

export type DecodeResult =
  | { ok: true; value: GoJsonValue; rest: Buffer }
  /** `eof`: nothing but whitespace (io.EOF); `unexpected-eof`: input ended inside a value. */
  | { ok: false; kind: 'eof' | 'unexpected-eof' | 'syntax'; message: string };

/** Go's encoding/json scanner limit (maxNestingDepth). */
const maxNestingDepth = 10000;

class SyntaxErr extends Error {}
class EofErr extends Error {}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const escapes: Record<number, string> = {
  0x22: '"',
  0x5c: '\\',
  0x2f: '/',
  0x62: '\b',
  0x66: '\f',
  0x6e: '\n',
  0x72: '\r',
  0x74: '\t',
};
const isHex = (c: number): boolean => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

/** Go's quoteChar: a byte as `'x'`, with strconv.Quote escapes (bytes ≥ 0x80 read as Latin-1). */
export function goQuoteChar(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return `'"'`;
  const n = c === 92 ? '\\\\' : goNamedEscapes[c];
  if (n !== undefined) return `'${n}'`;
  if (c < 0x20 || c === 0x7f) return `'\\x${c.toString(16).padStart(2, '0')}'`;
  if (c >= 0x80 && (c < 0xa1 || c === 0xad)) return `'\\u00${c.toString(16).padStart(2, '0')}'`;
  return `'${String.fromCharCode(c)}'`;
}

class Parser {
  pos = 0;
  constructor(private readonly buf: Buffer) {}

  private peek(): number {
    if (this.pos >= this.buf.length) throw new EofErr();
    return this.buf[this.pos] as number;
  }

  private fail(c: number, context: string): never {
    throw new SyntaxErr(`invalid character ${goQuoteChar(c)} ${context}`);
  }

  skipSpace(): void {
    while (this.pos < this.buf.length && isSpace(this.buf[this.pos] as number)) this.pos++;
  }

  /**
   * One value, iteratively (Go allows 10,000 levels of nesting, deeper than a JS stack): containers
   * in progress live on an explicit stack; errors carry Go scanner texts.
   */
  value(): GoJsonValue {
    type Frame = { items: GoJsonValue[] } | { object: GoJsonObject; key: string };
    const stack: Frame[] = [];
    const open = (c: number): void => {
      if (stack.length >= maxNestingDepth) this.fail(c, 'exceeded max depth');
      this.pos++;
      this.skipSpace();
    };
    for (;;) {
      this.skipSpace();
      const c = this.peek();
      let v: GoJsonValue;
      if (c === 0x7b) {
        open(c);
        if (this.peek() === 0x7d) {
          this.pos++;
          v = { kind: 'object', entries: [] };
        } else {
          stack.push({ object: { kind: 'object', entries: [] }, key: this.objectKey() });
          continue;
        }
      } else if (c === 0x5b) {
        open(c);
        if (this.peek() === 0x5d) {
          this.pos++;
          v = [];
        } else {
          stack.push({ items: [] });
          continue;
        }
      } else {
        v = this.scalar(c);
      }
      // A value is complete: hand it to its container, closing containers as they end.
      for (;;) {
        const top = stack.at(-1);
        if (top === undefined) return v;
        this.skipSpace();
        const next = this.peek();
        if ('items' in top) {
          top.items.push(v);
          if (next === 0x2c) {
            this.pos++;
            break;
          }
          if (next !== 0x5d) this.fail(next, 'after array element');
          this.pos++;
          stack.pop();
          v = top.items;
        } else {
          top.object.entries.push([top.key, v]);
          if (next === 0x2c) {
            this.pos++;
            this.skipSpace();
            top.key = this.objectKey();
            break;
          }
          if (next !== 0x7d) this.fail(next, 'after object key:value pair');
          this.pos++;
          stack.pop();
          v = top.object;
        }
      }
    }
  }

  /** A key and its colon; the position is then at the value. */
  private objectKey(): string {
    const c = this.peek();
    if (c !== 0x22) this.fail(c, 'looking for beginning of object key string');
    const key = this.string();
    this.skipSpace();
    const colon = this.peek();
    if (colon !== 0x3a) this.fail(colon, 'after object key');
    this.pos++;
    return key;
  }

  private scalar(c: number): GoJsonValue {
    switch (c) {
      case 0x22:
        return this.string();
      case 0x74:
        return this.literal('true', true);
      case 0x66:
        return this.literal('false', false);
      case 0x6e:
        return this.literal('null', null);
      default:
        if (c === 0x2d || isDigit(c)) return this.number();
        return this.fail(c, 'looking for beginning of value');
    }
  }

  private literal<T>(word: string, value: T): T {
    this.pos++;
    for (let i = 1; i < word.length; i++) {
      const c = this.peek();
      if (c !== word.charCodeAt(i)) this.fail(c, `in literal ${word} (expecting '${word[i]}')`);
      this.pos++;
    }
    return value;
  }

  private number(): number {
    const start = this.pos;
    if (this.peek() === 0x2d) {
      this.pos++;
      const c = this.peek();
      if (!isDigit(c)) this.fail(c, 'in numeric literal');
    }
    if (this.peek() === 0x30) this.pos++;
    else while (this.pos < this.buf.length && isDigit(this.buf[this.pos] as number)) this.pos++;
    if (this.pos < this.buf.length && this.buf[this.pos] === 0x2e) {
      this.pos++;
      const c = this.peek();
      if (!isDigit(c)) this.fail(c, 'after decimal point in numeric literal');
      while (this.pos < this.buf.length && isDigit(this.buf[this.pos] as number)) this.pos++;
    }
    if (this.pos < this.buf.length && (this.buf[this.pos] === 0x65 || this.buf[this.pos] === 0x45)) {
      this.pos++;
      let c = this.peek();
      if (c === 0x2b || c === 0x2d) {
        this.pos++;
        c = this.peek();
      }
      if (!isDigit(c)) this.fail(c, 'in exponent of numeric literal');
      while (this.pos < this.buf.length && isDigit(this.buf[this.pos] as number)) this.pos++;
    }
    return Number(this.buf.subarray(start, this.pos).toString('latin1'));
  }

  private string(): string {
    this.pos++;
    let out = '';
    let runStart = this.pos;
    for (;;) {
      const c = this.peek();
      if (c === 0x22) {
        out += this.buf.toString('utf8', runStart, this.pos);
        this.pos++;
        // Go turns unpaired surrogates from \u escapes into U+FFFD.
        return out.replace(
          /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
          '\ufffd',
        );
      }
      if (c < 0x20) this.fail(c, 'in string literal');
      if (c !== 0x5c) {
        this.pos++;
        continue;
      }
      out += this.buf.toString('utf8', runStart, this.pos);
      this.pos++;
      const e = this.peek();
      const simple = escapes[e];
      if (simple !== undefined) {
        out += simple;
        this.pos++;
      } else if (e === 0x75) {
        this.pos++;
        let code = 0;
        for (let i = 0; i < 4; i++) {
          const h = this.peek();
          if (!isHex(h)) this.fail(h, 'in \\u hexadecimal character escape');
          code = code * 16 + parseInt(String.fromCharCode(h), 16);
          this.pos++;
        }
        out += String.fromCharCode(code);
      } else {
        this.fail(e, 'in string escape code');
      }
      runStart = this.pos;
    }
  }
}

/** json.Decoder.Decode of the first value in `buf`; `rest` is what follows it. */
export function decodeFirstValue(buf: Buffer): DecodeResult {
  const p = new Parser(buf);
  p.skipSpace();
  if (p.pos >= buf.length) return { ok: false, kind: 'eof', message: 'EOF' };
  try {
    const value = p.value();
    return { ok: true, value, rest: buf.subarray(p.pos) };
  } catch (err) {
    if (err instanceof EofErr) return { ok: false, kind: 'unexpected-eof', message: 'unexpected EOF' };
    if (err instanceof SyntaxErr) return { ok: false, kind: 'syntax', message: err.message };
    throw err;
  }
}

/** json.Unmarshal's syntax check of a whole text (query parameters): Go's error text, or undefined. */
export function goJsonSyntaxError(text: string): string | undefined {
  const buf = Buffer.from(text, 'utf8');
  const r = decodeFirstValue(buf);
  if (!r.ok) return r.kind === 'syntax' ? r.message : 'unexpected end of JSON input';
  const p = new Parser(r.rest);
  p.skipSpace();
  if (p.pos < r.rest.length)
    return `invalid character ${goQuoteChar(r.rest[p.pos] as number)} after top-level value`;
  return undefined;
}

/** json.Decoder.More after a value: true unless only whitespace, or a `]`/`}`, follows. */
export function decoderHasMore(rest: Buffer): boolean {
  let i = 0;
  while (i < rest.length && isSpace(rest[i] as number)) i++;
  if (i >= rest.length) return false;
  return rest[i] !== 0x5d && rest[i] !== 0x7d;
}

/** Go's name for a JSON value's kind in UnmarshalTypeError ("string", "number", …). */
export function goJsonKind(v: GoJsonValue): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'boolean') return 'bool';
  return typeof v === 'number' ? 'number' : 'string';
}
