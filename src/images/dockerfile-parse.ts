/**
 * The Dockerfile line parser (buildkit frontend/dockerfile/parser) for the instructions
 * `--change` allows: lines, `#` comments, `\` continuations, `--flag` extraction, and each
 * instruction's argument form (JSON array or shell string, whitespace lists, name=value pairs).
 * Parser directives and heredocs are not needed for changes and are not interpreted.
 */

export interface Instruction {
  /** The instruction word as written (`CMD`, `cmd`). */
  command: string;
  /** The whole logical line (continuations joined). */
  original: string;
  flags: string[];
  /** buildkit nodeArgs: the instruction's arguments (for ONBUILD: the trigger and its arguments). */
  args: string[];
  /** The arguments were a JSON array (exec form). */
  json: boolean;
  /** ENV/LABEL name/value pairs. */
  pairs?: Array<[string, string]>;
}

const whitespace = /[\t\v\f\r ]+/;
const continuation = /([^\\])\\[ \t]*$|^\\[ \t]*$/;

const trimLeft = (s: string): string => s.replace(/^[\s]+/, '');
const isComment = (s: string): boolean => trimLeft(s).startsWith('#');

/** Parses a Dockerfile text into instructions; `file with no instructions` when there are none. */
export function splitInstruction(text: string): Instruction[] {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const out: Instruction[] = [];
  for (let i = 0; i < lines.length; i++) {
    let line = trimLeft(lines[i] as string);
    if (isComment(line)) line = '';
    let ended = !continuation.test(line);
    line = line.replace(continuation, '$1');
    if (ended && line === '') continue;
    while (!ended && i + 1 < lines.length) {
      const next = lines[++i] as string;
      if (isComment(next)) continue;
      if (trimLeft(next) === '') continue;
      ended = !continuation.test(next);
      line += next.replace(continuation, '$1');
    }
    out.push(parseLine(line));
  }
  if (out.length === 0) throw new Error('file with no instructions');
  return out;
}

function parseLine(line: string): Instruction {
  const trimmed = line.trim();
  const m = whitespace.exec(trimmed);
  const command = m ? trimmed.slice(0, m.index) : trimmed;
  const restRaw = m ? trimmed.slice(m.index + m[0].length) : '';
  const { rest, flags } = extractFlags(restRaw);
  const args = rest.trim();
  const ins: Instruction = { command, original: line, flags, args: [], json: false };
  switch (command.toLowerCase()) {
    case 'cmd':
    case 'entrypoint':
    case 'run':
    case 'shell':
      maybeJson(ins, args, false);
      break;
    case 'volume':
    case 'add':
    case 'copy':
      maybeJson(ins, args, true);
      break;
    case 'env':
    case 'label':
      ins.pairs = nameValues(args, command.toLowerCase() === 'env' ? 'ENV' : 'LABEL');
      ins.args = ins.pairs.flat();
      break;
    case 'expose':
    case 'from':
      ins.args = args === '' ? [] : args.split(whitespace);
      break;
    case 'onbuild':
      if (args !== '') {
        const child = parseLine(args);
        ins.args = [child.command, ...child.args];
        ins.json = child.json;
      }
      break;
    case 'healthcheck': {
      const sep = /\s/.exec(args);
      if (args === '') break;
      const typ = sep ? args.slice(0, sep.index) : args;
      const after = sep ? args.slice(sep.index).replace(/^\s+/, '') : '';
      const sub: Instruction = { ...ins, args: [] };
      maybeJson(sub, after, false);
      ins.args = [typ, ...sub.args];
      ins.json = sub.json;
      break;
    }
    default:
      ins.args = args === '' ? [] : [args];
  }
  return ins;
}

function maybeJson(ins: Instruction, rest: string, toList: boolean): void {
  const t = trimLeft(rest);
  if (t.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(t);
    } catch {
      parsed = undefined;
    }
    if (Array.isArray(parsed)) {
      if (parsed.some((x) => typeof x !== 'string')) {
        throw new Error('when using JSON array syntax, arrays must be comprised of strings only');
      }
      ins.args = parsed as string[];
      ins.json = true;
      return;
    }
  }
  if (rest === '') return;
  ins.args = toList ? rest.split(whitespace) : [rest];
}

/** parseNameVal: `k=v k2="v 2"` pairs, or the legacy `ENV key value` (value is the rest). */
function nameValues(rest: string, key: string): Array<[string, string]> {
  const words = parseWords(rest);
  if (words.length === 0) return [];
  if (!(words[0] as string).includes('=')) {
    const m = whitespace.exec(rest);
    if (!m) throw new Error(`${key} must have two arguments`);
    return [[rest.slice(0, m.index), rest.slice(m.index + m[0].length)]];
  }
  return words.map((w) => {
    const eq = w.indexOf('=');
    if (eq < 0)
      throw new Error(`Syntax error - can't find = in ${JSON.stringify(w)}. Must be of the form: name=value`);
    return [w.slice(0, eq), w.slice(eq + 1)];
  });
}

/** parseWords: split at unquoted whitespace, quotes and escapes kept for the word lexer. */
function parseWords(rest: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote = '';
  let blankOk = false;
  const chars = [...rest];
  for (let i = 0; i < chars.length; i++) {
    let c = chars[i] as string;
    if (quote === '') {
      if (/\s/u.test(c)) {
        if (inWord && (blankOk || word !== '')) words.push(word);
        word = '';
        inWord = false;
        blankOk = false;
        continue;
      }
      inWord = true;
      if (c === "'" || c === '"') {
        quote = c;
        blankOk = true;
      } else if (c === '\\') {
        if (i + 1 === chars.length) continue;
        word += c;
        c = chars[++i] as string;
      }
      word += c;
      continue;
    }
    if (c === quote) quote = '';
    else if (c === '\\' && quote !== "'") {
      if (i + 1 === chars.length) continue;
      word += c;
      c = chars[++i] as string;
    }
    word += c;
  }
  if (inWord && (blankOk || word !== '')) words.push(word);
  return words;
}

/** extractBuilderFlags: leading `--name[=value]` words (quotes removed), then the rest. */
function extractFlags(line: string): { rest: string; flags: string[] } {
  const flags: string[] = [];
  let pos = 0;
  for (;;) {
    while (pos < line.length && /\s/.test(line[pos] as string)) pos++;
    if (pos >= line.length) return { rest: '', flags };
    if (!line.startsWith('--', pos) || pos + 1 === line.length) return { rest: line.slice(pos), flags };
    let word = '';
    let quote = '';
    for (; pos < line.length; pos++) {
      const c = line[pos] as string;
      if (quote === '' && /\s/.test(c)) break;
      if (quote === '' && (c === '"' || c === "'")) quote = c;
      else if (quote !== '' && c === quote) quote = '';
      else if (c === '\\' && pos + 1 < line.length) word += line[++pos];
      else word += c;
    }
    if (word === '--') return { rest: line.slice(pos), flags };
    flags.push(word);
  }
}
