/**
 * The state functions of Go's template lexer (parse/lex.go), one per lexical context: text, delimiters,
 * comments, the inside of an action, and each kind of token. Each returns the next state, or null when
 * it has produced an item (or an error item carrying Go's message).
 */
import { goQuote, isGoPrintable } from './go-quote.js';
import {
  EOF,
  LEFT_DELIM,
  RIGHT_DELIM,
  SPACE_CHARS,
  countNewlines,
  formatRuneU,
  hasLeftTrimMarker,
  hasRightTrimMarker,
  isAlphaNumeric,
  isSpace,
} from './template-lex-items.js';
import type { State, TemplateLexer } from './template-lexer.js';

export function lexText(l: TemplateLexer): State {
  const x = l.text(l.pos, l.length).indexOf(LEFT_DELIM);
  if (x >= 0) {
    if (x > 0) {
      l.pos += x;
      let trim = 0;
      if (hasLeftTrimMarker(l.text(0, l.length), l.pos + LEFT_DELIM.length)) {
        const before = l.text(l.startPos);
        trim = before.length - before.replace(/[ \t\r\n]+$/, '').length;
      }
      l.pos -= trim;
      l.line += countNewlines(l.text(l.startPos));
      const i = l.thisItem('text');
      l.pos += trim;
      l.ignore();
      if (i.val.length > 0) return l.emitItem(i);
    }
    return lexLeftDelim;
  }
  l.pos = l.length;
  if (l.pos > l.startPos) {
    l.line += countNewlines(l.text(l.startPos));
    return l.emit('text');
  }
  return l.emit('eof');
}

function leftTrimLength(s: string): number {
  let n = 0;
  while (n < s.length && SPACE_CHARS.includes(s[n] as string)) n++;
  return n;
}

function lexLeftDelim(l: TemplateLexer): State {
  l.pos += LEFT_DELIM.length;
  const trim = hasLeftTrimMarker(l.text(0, l.length), l.pos);
  const after = trim ? 2 : 0;
  if (l.text(0, l.length).startsWith('/*', l.pos + after)) {
    l.pos += after;
    l.ignore();
    return lexComment;
  }
  const i = l.thisItem('leftDelim');
  l.setInsideAction(true);
  l.pos += after;
  l.ignore();
  l.parenDepth = 0;
  return l.emitItem(i);
}

function lexComment(l: TemplateLexer): State {
  l.pos += 2;
  const x = l.text(l.pos, l.length).indexOf('*/');
  if (x < 0) return l.errorf('unclosed comment');
  l.pos += x + 2;
  const { delim, trim } = l.atRightDelim();
  if (!delim) return l.errorf('comment ends before closing delimiter');
  l.line += countNewlines(l.text(l.startPos));
  l.thisItem('comment');
  if (trim) l.pos += 2;
  l.pos += RIGHT_DELIM.length;
  if (trim) l.pos += leftTrimLength(l.text(l.pos, l.length));
  l.ignore();
  return lexText;
}

function lexRightDelim(l: TemplateLexer): State {
  const { trim } = l.atRightDelim();
  if (trim) {
    l.pos += 2;
    l.ignore();
  }
  l.pos += RIGHT_DELIM.length;
  const i = l.thisItem('rightDelim');
  if (trim) {
    l.pos += leftTrimLength(l.text(l.pos, l.length));
    l.ignore();
  }
  l.setInsideAction(false);
  return l.emitItem(i);
}

export function lexInsideAction(l: TemplateLexer): State {
  if (l.atRightDelim().delim) {
    if (l.parenDepth === 0) return lexRightDelim;
    return l.errorf('unclosed left paren');
  }
  const r = l.next();
  if (r === EOF) return l.errorf('unclosed action');
  if (isSpace(r)) {
    l.backup();
    return lexSpace;
  }
  const c = String.fromCodePoint(r);
  switch (c) {
    case '=':
      return l.emit('assign');
    case ':':
      if (l.next() !== 0x3d) return l.errorf('expected :=');
      return l.emit('declare');
    case '|':
      return l.emit('pipe');
    case '"':
      return lexQuote;
    case '`':
      return lexRawQuote;
    case '$':
      return lexVariable;
    case "'":
      return lexChar;
    case '(':
      l.parenDepth++;
      return l.emit('leftParen');
    case ')':
      l.parenDepth--;
      if (l.parenDepth < 0) return l.errorf('unexpected right paren');
      return l.emit('rightParen');
  }
  if (c === '.') {
    const nextCode = l.pos < l.length ? l.text(l.pos, l.pos + 1).charCodeAt(0) : -1;
    if (l.pos < l.length && (nextCode < 0x30 || nextCode > 0x39)) return lexField;
  }
  if (c === '.' || c === '+' || c === '-' || (r >= 0x30 && r <= 0x39)) {
    l.backup();
    return lexNumber;
  }
  if (isAlphaNumeric(r)) {
    l.backup();
    return lexIdentifier;
  }
  if (r <= 0x7f && isGoPrintable(r)) return l.emit('char');
  return l.errorf(`unrecognized character in action: ${formatRuneU(r)}`);
}

function lexSpace(l: TemplateLexer): State {
  let spaces = 0;
  while (isSpace(l.peek())) {
    l.next();
    spaces++;
  }
  const all = l.text(0, l.length);
  if (hasRightTrimMarker(all, l.pos - 1) && all.startsWith(RIGHT_DELIM, l.pos - 1 + 2)) {
    l.backup();
    if (spaces === 1) return lexRightDelim;
  }
  return l.emit('space');
}

function lexIdentifier(l: TemplateLexer): State {
  for (;;) {
    const r = l.next();
    if (isAlphaNumeric(r)) continue;
    l.backup();
    const word = l.text(l.startPos);
    if (!l.atTerminator()) return l.errorf(`bad character ${formatRuneU(r)}`);
    const key = l.keywordFor(word);
    if (key !== undefined) return l.emit(key);
    if (word[0] === '.') return l.emit('field');
    if (word === 'true' || word === 'false') return l.emit('bool');
    return l.emit('identifier');
  }
}

function lexField(l: TemplateLexer): State {
  return lexFieldOrVariable(l, 'field');
}

function lexVariable(l: TemplateLexer): State {
  if (l.atTerminator()) return l.emit('variable');
  return lexFieldOrVariable(l, 'variable');
}

function lexFieldOrVariable(l: TemplateLexer, typ: 'field' | 'variable'): State {
  if (l.atTerminator()) return l.emit(typ === 'variable' ? 'variable' : 'dot');
  let r: number;
  for (;;) {
    r = l.next();
    if (!isAlphaNumeric(r)) {
      l.backup();
      break;
    }
  }
  if (!l.atTerminator()) return l.errorf(`bad character ${formatRuneU(r)}`);
  return l.emit(typ);
}

function lexChar(l: TemplateLexer): State {
  for (;;) {
    const r = l.next();
    if (r === 0x5c) {
      const e = l.next();
      if (e !== EOF && e !== 0x0a) continue;
      return l.errorf('unterminated character constant');
    }
    if (r === EOF || r === 0x0a) return l.errorf('unterminated character constant');
    if (r === 0x27) break;
  }
  return l.emit('charConstant');
}

function lexNumber(l: TemplateLexer): State {
  if (!l.scanNumber()) return l.errorf(`bad number syntax: ${goQuote(l.text(l.startPos))}`);
  const sign = l.peek();
  if (sign === 0x2b || sign === 0x2d) {
    if (!l.scanNumber() || l.text(l.pos - 1) !== 'i') {
      return l.errorf(`bad number syntax: ${goQuote(l.text(l.startPos))}`);
    }
    return l.emit('complex');
  }
  return l.emit('number');
}

function lexQuote(l: TemplateLexer): State {
  for (;;) {
    const r = l.next();
    if (r === 0x5c) {
      const e = l.next();
      if (e !== EOF && e !== 0x0a) continue;
      return l.errorf('unterminated quoted string');
    }
    if (r === EOF || r === 0x0a) return l.errorf('unterminated quoted string');
    if (r === 0x22) break;
  }
  return l.emit('string');
}

function lexRawQuote(l: TemplateLexer): State {
  for (;;) {
    const r = l.next();
    if (r === EOF) return l.errorf('unterminated raw quoted string');
    if (r === 0x60) break;
  }
  return l.emit('rawString');
}
