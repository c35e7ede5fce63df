/**
 * The parser of Go's text/template (text/template/parse/parse.go): templates, {{define}}/{{block}},
 * text and actions, and the control structures (if/else if, with/else with, range with break/continue,
 * template). Expressions are parsed by template-parse-expr.ts, tokens buffered by
 * template-token-stream.ts.
 *
 * `parseTrees(text, name, hasFunction)` returns every template the text defines — the top-level one under
 * `name` plus each `{{define}}`/`{{block}}` — or throws `TemplateParseError` with Go's message, e.g.
 * `template: :1: function "InvalidFunction" not defined`, `template: :1: unexpected "}" in operand`,
 * `template: :1: missing value for command`, `template: :1: undefined variable "$x"`,
 * `template: :2: unclosed action started at :1`. `hasFunction` must answer for builtins and user funcs
 * alike; an unknown identifier is a parse error, as in Go.
 */
import { goQuote } from './go-quote.js';
import { type Item, TemplateLexer } from './template-lexer.js';
import {
  type ActionNode,
  type BranchNode,
  type ListNode,
  type MarkerNode,
  type Node,
  type PipeNode,
  type TemplateNode,
  nodeString,
} from './template-nodes.js';
import { ExpressionParser } from './template-parse-expr.js';

/** One parsed template. */
export interface Tree {
  readonly name: string;
  readonly root: ListNode;
}

interface Shared {
  readonly lex: TemplateLexer;
  readonly treeSet: Map<string, Tree>;
  readonly hasFunction: (name: string) => boolean;
  readonly parseName: string;
}

/** Go's bytes.TrimSpace(...) == "" for the emptiness test of define bodies. */
function isBlank(text: string): boolean {
  return text.trim().length === 0;
}

function isEmptyTree(n: Node): boolean {
  if (n.type === 'list') return n.nodes.every(isEmptyTree);
  if (n.type === 'text') return isBlank(n.text);
  return false;
}

/** Parses the template text into its trees. */
export function parseTrees(
  text: string,
  name: string,
  hasFunction: (name: string) => boolean,
): Map<string, Tree> {
  const lex = new TemplateLexer(text, {
    breakOK: !hasFunction('break'),
    continueOK: !hasFunction('continue'),
  });
  const treeSet = new Map<string, Tree>();
  const top = new TreeParser(name, { lex, treeSet, hasFunction, parseName: name });
  top.parseTop();
  top.add();
  return treeSet;
}

class TreeParser extends ExpressionParser {
  private root: ListNode | null = null;
  private rangeDepth = 0;

  constructor(
    private name: string,
    private readonly s: Shared,
  ) {
    super(s.lex, s.parseName, s.hasFunction);
  }

  // --- trees -------------------------------------------------------------------------------------

  add(): void {
    const root = this.root as ListNode;
    const existing = this.s.treeSet.get(this.name);
    if (existing === undefined || isEmptyTree(existing.root)) {
      this.s.treeSet.set(this.name, { name: this.name, root });
      return;
    }
    if (!isEmptyTree(root)) this.errorf(`template: multiple definition of template ${goQuote(this.name)}`);
  }

  /** The top level: like itemList, but also accepts {{define}}. Runs to EOF. */
  parseTop(): undefined {
    this.root = this.newList(this.peek().pos);
    while (this.peek().typ !== 'eof') {
      if (this.peek().typ === 'leftDelim') {
        const delim = this.next();
        if (this.nextNonSpace().typ === 'define') {
          new TreeParser('definition', this.s).parseDefinition();
          continue;
        }
        this.backup2(delim);
      }
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') return this.errorf(`unexpected ${nodeString(n)}`);
      this.root.nodes.push(n as Node);
    }
    return undefined;
  }

  private parseDefinition(): void {
    const context = 'define clause';
    const t = this.nextNonSpace();
    if (t.typ !== 'string' && t.typ !== 'rawString') this.unexpected(t, context);
    this.name = this.unquote(t.val);
    this.expect('rightDelim', context);
    const [root, end] = this.itemList();
    this.root = root;
    if (end.type !== 'end') this.errorf(`unexpected ${nodeString(end)} in ${context}`);
    this.add();
  }

  private itemList(): [ListNode, MarkerNode] {
    const list = this.newList(this.peekNonSpace().pos);
    while (this.peekNonSpace().typ !== 'eof') {
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') return [list, n];
      list.nodes.push(n as Node);
    }
    this.errorf('unexpected EOF');
  }

  private textOrAction(): Node | MarkerNode {
    const t = this.nextNonSpace();
    switch (t.typ) {
      case 'text':
        return { type: 'text', pos: t.pos, text: t.val };
      case 'leftDelim':
        this.actionLine = t.line;
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
      default:
        this.unexpected(t, 'input');
    }
  }

  private action(): Node | MarkerNode {
    const t = this.nextNonSpace();
    switch (t.typ) {
      case 'block':
        return this.blockControl();
      case 'break':
      case 'continue':
        return this.breakControl(t);
      case 'else':
        return this.elseControl();
      case 'end':
        return { type: 'end', pos: this.expect('rightDelim', 'end').pos, line: 0 };
      case 'if':
      case 'range':
      case 'with':
        return this.branchControl(t.typ);
    }
    if (t.typ === 'template') return this.templateControl();
    this.backup();
    const first = this.peek();
    const action: ActionNode = {
      type: 'action',
      pos: first.pos,
      line: first.line,
      pipe: this.pipeline('command', 'rightDelim'),
    };
    return action;
  }

  private breakControl(kw: Item): Node {
    const word = kw.typ as 'break' | 'continue';
    const t = this.nextNonSpace();
    if (t.typ !== 'rightDelim') this.unexpected(t, `{{${word}}}`);
    if (this.rangeDepth === 0) this.errorf(`{{${word}}} outside {{range}}`);
    return { type: word, pos: kw.pos, line: kw.line };
  }

  private elseControl(): MarkerNode {
    const peek = this.peekNonSpace();
    if (peek.typ === 'if' || peek.typ === 'with') return { type: 'else', pos: peek.pos, line: peek.line };
    const t = this.expect('rightDelim', 'else');
    return { type: 'else', pos: t.pos, line: t.line };
  }

  private branchControl(context: 'if' | 'range' | 'with'): BranchNode {
    const mark = this.vars.length;
    try {
      const pipe = this.pipeline(context, 'rightDelim');
      if (context === 'range') this.rangeDepth++;
      const [list, next] = this.itemList();
      if (context === 'range') this.rangeDepth--;
      let elseList: ListNode | null = null;
      if (next.type === 'else') {
        const chained = this.peek().typ;
        if ((context === 'if' || context === 'with') && chained === context) {
          this.next();
          elseList = this.newList(next.pos);
          elseList.nodes.push(this.branchControl(context));
        } else {
          const [els, end] = this.itemList();
          if (end.type !== 'end') this.errorf(`expected end; found ${nodeString(end)}`);
          elseList = els;
        }
      }
      return { type: context, pos: pipe.pos, line: pipe.line, pipe, list, elseList };
    } finally {
      this.vars = this.vars.slice(0, mark);
    }
  }

  private blockControl(): TemplateNode {
    const context = 'block clause';
    const t = this.nextNonSpace();
    const name = this.templateName(t, context);
    const pipe = this.pipeline(context, 'rightDelim');
    const block = new TreeParser(name, this.s);
    const [root, end] = block.itemList();
    block.root = root;
    if (end.type !== 'end') this.errorf(`unexpected ${nodeString(end)} in ${context}`);
    block.add();
    return { type: 'template', pos: t.pos, line: t.line, name, pipe };
  }

  private templateControl(): TemplateNode {
    const context = 'template clause';
    const t = this.nextNonSpace();
    const name = this.templateName(t, context);
    let pipe: PipeNode | null = null;
    if (this.nextNonSpace().typ !== 'rightDelim') {
      this.backup();
      pipe = this.pipeline(context, 'rightDelim');
    }
    return { type: 'template', pos: t.pos, line: t.line, name, pipe };
  }

  private templateName(t: Item, context: string): string {
    if (t.typ === 'string' || t.typ === 'rawString') return this.unquote(t.val);
    this.unexpected(t, context);
  }

  private newList(pos: number): ListNode {
    return { type: 'list', pos, nodes: [] };
  }
}
