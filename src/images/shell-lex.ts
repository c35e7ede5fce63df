/**
 * The Dockerfile word lexer (buildkit frontend/dockerfile/shell/lex.go) that expands `$VAR`,
 * `${VAR}`, `${VAR:-word}`, `${VAR-word}`, `${VAR:+word}`, `${VAR+word}`, `${VAR:?msg}`, `${VAR?msg}`
 * and removes quotes, for the instructions of `docker import --change` (ENV, LABEL, WORKDIR, USER,
 * VOLUME, STOPSIGNAL, EXPOSE). Pattern modifiers (`#`, `%`, `/`) are refused with buildkit's
 * `unsupported modifier` error. Error texts are buildkit's.
 */

const EOF = '';

class Scanner {
  private pos = 0;
  private readonly chars: string[];

  constructor(text: string) {
    this.chars = [...text];
  }

  peek(): string {
    return this.chars[this.pos] ?? EOF;
  }

  next(): string {
    const c = this.chars[this.pos] ?? EOF;
    if (c !== EOF) this.pos++;
    return c;
  }
}

const isSpace = (c: string): boolean => /^\s$/u.test(c);

class Words {
  words: string[] = [];
  private buf = '';
  private inWord = false;

  addChar(c: string): void {
    if (isSpace(c) && this.inWord) {
      if (this.buf.length !== 0) {
        this.words.push(this.buf);
        this.buf = '';
        this.inWord = false;
      }
    } else if (!isSpace(c)) this.addRawChar(c);
  }

  addRawChar(c: string): void {
    this.buf += c;
    this.inWord = true;
  }

  addString(s: string): void {
    for (const c of s) this.addChar(c);
  }

  addRawString(s: string): void {
    this.buf += s;
    this.inWord = true;
  }

  get(): string[] {
    if (this.buf.length > 0) {
      this.words.push(this.buf);
      this.buf = '';
      this.inWord = false;
    }
    return this.words;
  }
}

class ShellWord {
  private readonly s: Scanner;

  constructor(
    text: string,
    private readonly env: ReadonlyMap<string, string>,
    private readonly escape: string,
  ) {
    this.s = new Scanner(text);
  }

  processStopOn(stop: string): { word: string; words: string[] } {
    let result = '';
    const words = new Words();
    while (this.s.peek() !== EOF) {
      const ch = this.s.peek();
      if (stop !== EOF && ch === stop) {
        this.s.next();
        return { word: result, words: words.get() };
      }
      if (ch === '$' || ch === "'" || ch === '"') {
        const tmp = ch === '$' ? this.dollar() : ch === "'" ? this.singleQuote() : this.doubleQuote();
        result += tmp;
        if (ch === '$') words.addString(tmp);
        else words.addRawString(tmp);
        continue;
      }
      let c = this.s.next();
      if (c === this.escape) {
        c = this.s.next();
        if (c === EOF) break;
        words.addRawChar(c);
      } else words.addChar(c);
      result += c;
    }
    if (stop !== EOF) throw new Error(`unexpected end of statement while looking for matching ${stop}`);
    return { word: result, words: words.get() };
  }

  private singleQuote(): string {
    this.s.next();
    let out = '';
    for (;;) {
      const c = this.s.next();
      if (c === EOF) throw new Error('unexpected end of statement while looking for matching single-quote');
      if (c === "'") return out;
      out += c;
    }
  }

  private doubleQuote(): string {
    this.s.next();
    let out = '';
    for (;;) {
      const p = this.s.peek();
      if (p === EOF) throw new Error('unexpected end of statement while looking for matching double-quote');
      if (p === '"') {
        this.s.next();
        return out;
      }
      if (p === '$') {
        out += this.dollar();
        continue;
      }
      let c = this.s.next();
      if (c === this.escape) {
        const n = this.s.peek();
        if (n === EOF) continue;
        if (n === '"' || n === '$' || n === this.escape) c = this.s.next();
      }
      out += c;
    }
  }

  private dollar(): string {
    this.s.next();
    if (this.s.peek() !== '{') {
      const name = this.name();
      if (name === '') return '$';
      return this.env.get(name) ?? '';
    }
    this.s.next();
    const first = this.s.peek();
    if (first === EOF) throw new Error("syntax error: missing '}'");
    if (first === '{' || first === '}' || first === ':') throw new Error('syntax error: bad substitution');
    const name = this.name();
    let ch = this.s.next();
    // Go's string(scanner.EOF) is U+FFFD.
    let chs = ch === EOF ? '\ufffd' : ch;
    if (ch === '}') return this.env.get(name) ?? '';
    let nullIsUnset = false;
    if (ch === ':') {
      nullIsUnset = true;
      ch = this.s.next();
      chs += ch === EOF ? '\ufffd' : ch;
    }
    if (ch !== '+' && ch !== '-' && ch !== '?')
      throw new Error(`unsupported modifier (${chs}) in substitution`);
    let word: string;
    try {
      word = this.processStopOn('}').word;
    } catch (err) {
      if (this.s.peek() === EOF) throw new Error("syntax error: missing '}'");
      throw err;
    }
    const value = this.env.get(name);
    const unset = value === undefined || (nullIsUnset && value === '');
    if (ch === '-') return unset ? word : (value as string);
    if (ch === '+') return unset ? '' : word;
    if (value === undefined) throw new Error(`${name}: ${word !== '' ? word : 'is not allowed to be unset'}`);
    if (nullIsUnset && value === '')
      throw new Error(`${name}: ${word !== '' ? word : 'is not allowed to be empty'}`);
    return value;
  }

  private name(): string {
    let name = '';
    for (;;) {
      const c = this.s.peek();
      if (c === EOF) return name;
      if (name === '' && /^\p{Nd}$/u.test(c)) {
        while (/^\p{Nd}$/u.test(this.s.peek())) name += this.s.next();
        return name;
      }
      if (name === '' && /^[*#@?$!\-0-9]$/.test(c)) return this.s.next();
      if (!/^[\p{L}\p{Nd}_]$/u.test(c)) return name;
      name += this.s.next();
    }
  }
}

/** Docker's env list (`K=V`) as a lookup; a later duplicate wins, as buildkit's EnvsFromSlice. */
export function envMap(env: readonly string[] | null | undefined): Map<string, string> {
  const m = new Map<string, string>();
  for (const e of env ?? []) {
    const eq = e.indexOf('=');
    m.set(eq < 0 ? e : e.slice(0, eq), eq < 0 ? '' : e.slice(eq + 1));
  }
  return m;
}

/** Lex.ProcessWord: one word, variables expanded and quotes removed. */
export function processWord(word: string, env: ReadonlyMap<string, string>, escape = '\\'): string {
  try {
    return new ShellWord(word, env, escape).processStopOn(EOF).word;
  } catch (err) {
    throw new Error(`failed to process ${JSON.stringify(word)}: ${(err as Error).message}`);
  }
}

/** Lex.ProcessWords: expanded, then split at unquoted whitespace. */
export function processWords(word: string, env: ReadonlyMap<string, string>, escape = '\\'): string[] {
  try {
    return new ShellWord(word, env, escape).processStopOn(EOF).words;
  } catch (err) {
    throw new Error(`failed to process ${JSON.stringify(word)}: ${(err as Error).message}`);
  }
}
