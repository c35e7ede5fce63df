/**
 * The lexer of Go's text/template (text/template/parse/lex.go), token for token.
 *
 * `new TemplateLexer(text, options).nextItem()` yields items until `eof` or `error`. Positions are
 * UTF-16 offsets into `text` (the parser converts them to Go's byte columns for messages); `line` is the
 * 1-based line an item starts on, counted exactly as Go counts it (Go reports the line of the token it
 * last read, so this matters for multi-line templates).
 *
 * Go's rules kept here: `{{- ` / ` -}}` trim markers need an ASCII space (so `{{-3}}` is the number -3);
 * comments `{{/* … *\/}}` must close right at a delimiter; spaces inside actions include newlines;
 * `break`/`continue` are keywords only when no function of that name exists; lexical errors are items
 * whose value is Go's message (`unclosed action`, `bad character U+0023 '#'`, `unterminated quoted string`,
 * `bad number syntax: "1x"`, `unrecognized character in action: U+00A0`, …).
 */
import { lexInsideAction, lexText } from './template-lex-states.js';
import {
  EOF,
  type Item,
  type ItemType,
  KEYWORDS,
  type LexOptions,
  RIGHT_DELIM,
  countNewlines,
  hasRightTrimMarker,
  isAlphaNumeric,
  isSpace,
} from './template-lex-items.js';

export { type Item, type ItemType, type LexOptions, formatRuneU, itemString } from './template-lex-items.js';

/** A lexer state: consumes input and returns the next state, or null once an item is ready. */
export type State = ((l: TemplateLexer) => State) | null;

/** Lexes one template text. Not reusable. */
export class TemplateLexer {
  private input: string;
  pos = 0;
  private start = 0;
  private atEOF = false;
  parenDepth = 0;
  line = 1;
  private startLine = 1;
  private item: Item = { typ: 'eof', pos: 0, val: 'EOF', line: 1 };
  private insideAction = false;

  constructor(
    input: string,
    private readonly options: LexOptions,
  ) {
    this.input = input;
  }

  /** The next token. After `eof` or `error`, keeps returning `eof`. */
  nextItem(): Item {
    this.item = { typ: 'eof', pos: this.pos, val: 'EOF', line: this.startLine };
    let state: State = this.insideAction ? lexInsideAction : lexText;
    while (state !== null) state = state(this);
    return this.item;
  }

  next(): number {
    if (this.pos >= this.input.length) {
      this.atEOF = true;
      return EOF;
    }
    const r = this.input.codePointAt(this.pos) as number;
    this.pos += r > 0xffff ? 2 : 1;
    if (r === 0x0a) this.line++;
    return r;
  }

  peek(): number {
    const r = this.next();
    this.backup();
    return r;
  }

  backup(): void {
    if (this.atEOF || this.pos <= 0) return;
    const low = this.input.charCodeAt(this.pos - 1);
    const width = low >= 0xdc00 && low <= 0xdfff && this.pos >= 2 ? 2 : 1;
    this.pos -= width;
    if (low === 0x0a) this.line--;
  }

  thisItem(typ: ItemType): Item {
    const i: Item = {
      typ,
      pos: this.start,
      val: this.input.slice(this.start, this.pos),
      line: this.startLine,
    };
    this.start = this.pos;
    this.startLine = this.line;
    return i;
  }

  emit(typ: ItemType): State {
    return this.emitItem(this.thisItem(typ));
  }

  emitItem(i: Item): State {
    this.item = i;
    return null;
  }

  ignore(): void {
    this.line += countNewlines(this.input.slice(this.start, this.pos));
    this.start = this.pos;
    this.startLine = this.line;
  }

  accept(valid: string): boolean {
    const r = this.next();
    if (r !== EOF && valid.includes(String.fromCodePoint(r))) return true;
    this.backup();
    return false;
  }

  acceptRun(valid: string): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || !valid.includes(String.fromCodePoint(r))) break;
    }
    this.backup();
  }

  errorf(message: string): State {
    this.item = { typ: 'error', pos: this.start, val: message, line: this.startLine };
    this.start = 0;
    this.pos = 0;
    this.input = '';
    return null;
  }

  atRightDelim(): { delim: boolean; trim: boolean } {
    if (hasRightTrimMarker(this.input, this.pos) && this.input.startsWith(RIGHT_DELIM, this.pos + 2)) {
      return { delim: true, trim: true };
    }
    return { delim: this.input.startsWith(RIGHT_DELIM, this.pos), trim: false };
  }

  atTerminator(): boolean {
    const r = this.peek();
    if (isSpace(r)) return true;
    if (r === EOF || '.,|:)('.includes(String.fromCodePoint(r))) return true;
    return this.input.startsWith(RIGHT_DELIM, this.pos);
  }

  text(from: number, to: number = this.pos): string {
    return this.input.slice(from, to);
  }

  get startPos(): number {
    return this.start;
  }

  get length(): number {
    return this.input.length;
  }

  setInsideAction(v: boolean): void {
    this.insideAction = v;
  }

  keywordFor(word: string): ItemType | undefined {
    const k = KEYWORDS.get(word);
    if (k === 'break' && !this.options.breakOK) return undefined;
    if (k === 'continue' && !this.options.continueOK) return undefined;
    return k;
  }

  scanNumber(): boolean {
    this.accept('+-');
    let digits = '0123456789_';
    if (this.accept('0')) {
      if (this.accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (this.accept('oO')) digits = '01234567_';
      else if (this.accept('bB')) digits = '01_';
    }
    this.acceptRun(digits);
    if (this.accept('.')) this.acceptRun(digits);
    if (digits.length === 11 && this.accept('eE')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    if (digits.length === 23 && this.accept('pP')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    this.accept('i');
    if (isAlphaNumeric(this.peek())) {
      this.next();
      return false;
    }
    return true;
  }
}
