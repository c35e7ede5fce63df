/**
 * The token side of Go's template parser (parse/parse.go): the three-token look-ahead buffer and the
 * error helpers. Kept exactly as Go does it because `errorf` reports the line of `token[0]`, the token
 * most recently taken from the lexer — which decides the line number in every parse error message.
 *
 * Errors throw TemplateParseError: `template: <name>:<line>: <message>`.
 */
import { GoSyntaxError, goUnquote } from './go-quote.js';
import { TemplateParseError } from './template-errors.js';
import { type Item, type ItemType, type TemplateLexer, itemString } from './template-lexer.js';

const ZERO_ITEM: Item = { typ: 'error', pos: 0, val: '', line: 0 };

export class TokenStream {
  private readonly token: Item[] = [ZERO_ITEM, ZERO_ITEM, ZERO_ITEM];
  private peekCount = 0;
  /** Line of the `{{` of the action being parsed (0 outside actions). */
  protected actionLine = 0;

  constructor(
    private readonly lex: TemplateLexer,
    private readonly parseName: string,
  ) {}

  // --- token stream -------------------------------------------------------------------------------

  protected next(): Item {
    if (this.peekCount > 0) this.peekCount--;
    else this.token[0] = this.lex.nextItem();
    return this.token[this.peekCount] as Item;
  }

  protected backup(): void {
    this.peekCount++;
  }

  protected backup2(t1: Item): void {
    this.token[1] = t1;
    this.peekCount = 2;
  }

  protected backup3(t2: Item, t1: Item): void {
    this.token[1] = t1;
    this.token[2] = t2;
    this.peekCount = 3;
  }

  protected peek(): Item {
    if (this.peekCount > 0) return this.token[this.peekCount - 1] as Item;
    this.peekCount = 1;
    this.token[0] = this.lex.nextItem();
    return this.token[0];
  }

  protected nextNonSpace(): Item {
    for (;;) {
      const t = this.next();
      if (t.typ !== 'space') return t;
    }
  }

  protected peekNonSpace(): Item {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }

  // --- errors ------------------------------------------------------------------------------------

  protected errorf(message: string): never {
    throw new TemplateParseError(`template: ${this.parseName}:${(this.token[0] as Item).line}: ${message}`);
  }

  protected unquote(quoted: string): string {
    try {
      return goUnquote(quoted);
    } catch (e) {
      if (e instanceof GoSyntaxError) this.errorf(e.message);
      throw e;
    }
  }

  protected expect(expected: ItemType, context: string): Item {
    const t = this.nextNonSpace();
    if (t.typ !== expected) this.unexpected(t, context);
    return t;
  }

  protected unexpected(t: Item, context: string): never {
    if (t.typ === 'error') {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== t.line) {
        extra = ` in action started at ${this.parseName}:${this.actionLine}`;
        if (t.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf(`${itemString(t)}${extra}`);
    }
    this.errorf(`unexpected ${itemString(t)} in ${context}`);
  }
}
