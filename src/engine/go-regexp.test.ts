import { describe, expect, it } from 'vitest';
import { compileGoRegexp } from './go-regexp.js';
import { GO_SCRIPTS, unicodeClassBody } from './go-regexp-unicode.js';

/** [pattern, input, whether Go's regexp.MatchString reports a match]. */
type Case = readonly [string, string, boolean];

const literalsAndEscapes: Case[] = [
  ['abc', 'xxabcxx', true],
  ['abc', 'ab', false],
  ['', '', true],
  ['', 'anything', true],
  ['\\.', 'a.b', true],
  ['\\.', 'ab', false],
  ['a\\+b', 'a+b', true],
  ['\\_\\ \\-\\}', '_ -}', true],
  ['\\x41', 'A', true],
  ['\\x{41}', 'A', true],
  ['^\\x{1F600}$', '😀', true],
  ['\\101', 'A', true],
  ['\\0', '\0', true],
  ['\\012', '\n', true],
  ['\\1234', 'S4', true],
  ['\\a\\f\\t\\n\\v\\r', '\x07\f\t\n\v\r', true],
  ['\\Qa.b*\\E', 'a.b*', true],
  ['\\Qa.b*\\E', 'axbb', false],
  ['^\\Qab\\E+$', 'abbb', true],
  ['^\\Qab\\E+$', 'abab', false],
  ['\\Qa|b', 'a|b', true],
  ['{', '{', true],
  ['}', '}', true],
  ['a{,2}', 'a{,2}', true],
  ['^a{,2}$', 'aa', false],
  ['x{2,1', 'x{2,1', true],
  ['x{1001', 'x{1001', true],
  ['a{01}', 'a{01}', true],
  ['a*{', 'aaa{', true],
];

const codePoints: Case[] = [
  ['a.c', 'a😀c', true],
  ['^.$', '😀', true],
  ['^..$', '😀', false],
  ['^.{3}$', '😀😀😀', true],
  ['^.{3}$', '😀😀', false],
  ['😀+', 'x😀😀', true],
  ['^[😀-😂]$', '😁', true],
  ['^[^a]$', '😀', true],
  ['^\\S$', '😀', true],
  ['^\\x{1F600}{2}$', '😀😀', true],
  ['^.$', '\ud800', true],
];

const anchors: Case[] = [
  ['^abc', 'abcd', true],
  ['^abc', 'xabc', false],
  ['abc$', 'xabc', true],
  ['abc$', 'abc\n', false],
  ['(?m)abc$', 'abc\ndef', true],
  ['(?m)^def', 'abc\ndef', true],
  ['^def', 'abc\ndef', false],
  ['\\Aabc', 'abc', true],
  ['(?m)\\Adef', 'abc\ndef', false],
  ['abc\\z', 'abc\n', false],
  ['(?m)abc\\z', 'abc\n', false],
  ['^$', '', true],
  ['^$', 'a', false],
  ['(?m)^$', 'a\n\nb', true],
  ['$^', '', true],
  ['x^', 'x', false],
  ['\\bfoo\\b', 'a foo', true],
  ['\\bfoo\\b', 'afoo', false],
  ['\\Boo\\B', 'afoob', true],
  ['\\Boo', 'oo', false],
  ['\\bé', 'é', false],
  ['^*a', 'a', true],
];

const classes: Case[] = [
  ['[abc]', 'xbx', true],
  ['[a-c]+$', 'zabc', true],
  ['^[^a-c]+$', 'xyz', true],
  ['^[^a-c]+$', 'xaz', false],
  ['^[]a]+$', ']a]', true],
  ['^[^]a]$', 'b', true],
  ['^[^]a]$', ']', false],
  ['^[a-]$', '-', true],
  ['^[-a]$', '-', true],
  ['^[a-c-e]$', '-', true],
  ['^[a-c-e]$', 'd', false],
  ['^[\\d-z]+$', '1-z', true],
  ['^[^\\n]$', '\n', false],
  ['^[^a]$', '\n', true],
  ['^[\\x41-\\x{5A}]+$', 'HELLO', true],
  ['^[\\101-\\132]+$', 'HELLO', true],
  ['^[α-ω]+$', 'λογος', true],
  ['^[\\]\\\\]+$', ']\\', true],
  ['[\\d]', '5', true],
  ['^[\\D]$', '5', false],
  ['^[\\w-]+$', 'my-vol_1', true],
  ['^\\d+$', '١٢٣', false],
  ['^\\w+$', 'héllo', false],
  ['^\\s$', '\v', false],
  ['^\\s+$', ' \t\n\f\r', true],
  ['^\\W$', '\u212a', true],
  ['^[[:alpha:]]+$', 'abcXYZ', true],
  ['^[[:^alpha:]]+$', '123', true],
  ['^[[:digit:][:upper:]]+$', 'A1B2', true],
  ['^[[:xdigit:]]+$', 'deadBEEF', true],
  ['^[[:xdigit:]]+$', 'xyz', false],
  ['^[[:space:]]$', '\v', true],
  ['^[[:punct:]]+$', '!-/', true],
  ['^[[:word:]]+$', 'a_1', true],
  ['^[:alpha:]+$', 'ahpla:', true],
  ['^[^[:lower:]]$', 'a', false],
];

const unicodeClasses: Case[] = [
  ['^\\pL+$', 'héllo', true],
  ['^\\pL$', 'x', true],
  ['^\\PL$', 'x', false],
  ['^\\pN+$', '١٢٣', true],
  ['^\\p{Nd}+$', '١٢٣', true],
  ['^\\pZ$', ' ', true],
  ['^\\p{Lu}$', 'A', true],
  ['^\\p{Lu}$', 'a', false],
  ['^\\p{Uppercase_Letter}$', 'A', true],
  ['^\\p{lu}$', 'A', true],
  ['^\\p{Greek}+$', 'αβγ', true],
  ['^\\p{Greek}+$', 'abc', false],
  ['^\\p{greek}$', 'α', true],
  ['^\\P{Greek}+$', 'abc', true],
  ['^\\p{^Greek}+$', 'abc', true],
  ['^\\P{^Greek}+$', 'αβγ', true],
  ['^\\p{Han}+$', '中文', true],
  ['^\\p{Latin}+$', 'abc', true],
  ['^\\p{Old_Italic}$', '\u{10300}', true],
  ['^\\p{Any}$', '\n', true],
  ['^\\p{ASCII}+$', 'abc', true],
  ['^\\p{ASCII}$', 'é', false],
  ['^\\p{LC}$', 'a', true],
  ['^[\\p{L}\\d]+$', 'a1é', true],
  ['^[^\\pL]+$', '123', true],
  ['^[\\P{L}]+$', '123', true],
];

const caseFolding: Case[] = [
  ['(?i)abc', 'xABCx', true],
  ['(?i)k', '\u212a', true],
  ['(?i)\u212a', 'k', true],
  ['(?i)s', '\u017f', true],
  ['(?i)σ', 'Σ', true],
  ['(?i)σ', 'ς', true],
  ['(?i)é', 'É', true],
  ['(?i)ß', 'ẞ', true],
  ['(?i)1', '1', true],
  ['(?i)^[a-z]+$', 'HeLLo', true],
  ['(?i)[k]', '\u212a', true],
  ['(?i)[^k]', 'K', false],
  ['(?i)[^k]', '\u212a', false],
  ['(?i)[^k]', 'x', true],
  ['(?i)[[:upper:]]', 'a', true],
  ['(?i)^[^[:lower:]]$', 'A', false],
  ['(?i)^\\W$', '\u212a', false],
  ['(?i)\\p{Lu}', 'a', true],
  ['\\p{Lu}', 'a', false],
  ['(?i)^\\P{Lu}$', 'a', false],
  ['(?i)^\\P{Lu}$', '1', true],
  ['a(?i)b', 'aB', true],
  ['a(?i)b', 'AB', false],
  ['(?i:a)b', 'Ab', true],
  ['(?i:a)b', 'AB', false],
  ['(?i)a(?-i)b', 'Ab', true],
  ['(?i)a(?-i)b', 'AB', false],
  ['(?i)a(?-i:b)c', 'AbC', true],
  ['(a(?i)b)c', 'aBc', true],
  ['(a(?i)b)c', 'aBC', false],
  ['x(?i)y|z', 'Z', true],
];

const flagsAndGroups: Case[] = [
  ['.', '\n', false],
  ['(?s).', '\n', true],
  ['(?s:.)x', '\nx', true],
  ['(?s:.)\\n.', '\n\n\n', false],
  ['(?ims)^a.$', 'A\n', true],
  ['(?U)^a+$', 'aaa', true],
  ['(?)a', 'a', true],
  ['(a|b)c', 'bc', true],
  ['(?:ab)+$', 'xabab', true],
  ['(?P<name>x+)y', 'xxy', true],
  ['(?<name>x+)y', 'xxy', true],
  ['()', 'a', true],
  ['(|a)b', 'b', true],
  ['a|', 'x', true],
  ['|', '', true],
  ['cat|dog', 'hotdog', true],
  ['^(cat|dog)$', 'cats', false],
];

const quantifiers: Case[] = [
  ['^a*$', '', true],
  ['^a+$', '', false],
  ['^a?b$', 'b', true],
  ['^a{3}$', 'aaa', true],
  ['^a{3}$', 'aa', false],
  ['^a{2,}$', 'aaaaa', true],
  ['^a{2,}$', 'a', false],
  ['^a{2,3}$', 'aaaa', false],
  ['^a{0}$', '', true],
  ['^a{0}b$', 'b', true],
  ['^a{0,1}$', 'a', true],
  ['^(ab){2}$', 'abab', true],
  ['^a*?$', 'aa', true],
  ['^a+?$', 'aa', true],
  ['^a??b$', 'ab', true],
  ['^a{2}?$', 'aa', true],
  ['^a{1,2}?$', 'aa', true],
  ['^(a*)*$', 'aaa', true],
  ['^(a*)+b$', 'b', true],
  ['^a(?i)*$', 'aa', true],
  ['^x{1000}$', 'x'.repeat(1000), true],
  ['^x{1000}$', 'x'.repeat(999), false],
];

describe('compileGoRegexp matches as Go’s regexp.MatchString', () => {
  const groups = {
    literalsAndEscapes,
    codePoints,
    anchors,
    classes,
    unicodeClasses,
    caseFolding,
    flagsAndGroups,
    quantifiers,
  };
  for (const [name, cases] of Object.entries(groups)) {
    it.each(cases)(`${name}: %j on %j → %s`, (pattern, input, expected) => {
      const re = compileGoRegexp(pattern);
      expect(re, 'compiles').toBeDefined();
      expect(re?.test(input)).toBe(expected);
    });
  }

  it('can be reused across inputs', () => {
    const re = compileGoRegexp('^vol-[0-9]+$');
    expect(['vol-1', 'vol-x', 'vol-22', ''].map((s) => re?.test(s))).toEqual([true, false, true, false]);
  });
});

/** [label, pattern] pairs; Go's regexp.Compile fails on each, so the filter matches nothing. */
const refused: ReadonlyArray<readonly [string, string]> = [
  ...[
    ...['(', ')', '(a', 'a)', '(a))', '(a|b|', 'a|b|)', '(a|b))', '[a-z', '([a-z)', '[a-z)', '([a-z]))'],
    ...['x{1001}', 'x{9876543210}', 'x{2,1}', 'x{1,9876543210}', 'a{100000}', 'a{100000,}'],
    ...['(?P<name>a', '(?P<name>', '(?P<name', '(?P<x y>a)', '(?P<>a)', '(?<name>a', '(?<>a)'],
    ...['[a-Z]', '(?i)[a-Z]', '[z-a]', '[a-\\d]', '\\Q\\E*', '(?:[a-z]{4}){0,251}', '(?:(?:a{100}){100})'],
    ...['a**', 'a++', 'a?*', 'a+*', 'a{1}*', 'x{2}{3}', '.{1}{2}.{3}', 'a*??', '*', '+a', '?', '{2}', '(*)'],
    ...['a|*', '\\1', '(a)\\1', '\\8', '(?=a)', '(?!a)', '(?<=a)b', '(?<!a)b', '(?>a)', '(?#c)', "(?'n'a)"],
    ...['(?P=n)', '(?P>n)', '(?x)a', '(?-)a', '(?i-)a', '(?i', '(?', '\\C', '\\Z', '\\e', '\\cA', '\\G'],
    ...['\\k<n>', '\\N', '\\h', '\\', 'a\\', '\\é', '[\\b]', '[\\Q]', '[a', '[]', '[^]', '[[:foo:]]'],
    ...['[[:alpha:]', '\\p{Foo}', '\\pX', '\\p{Grek}', '\\p{Katakana_Or_Hiragana}', '\\p{', '\\p', '\\p^'],
    ...['\\p{IsGreek}', '\\p{Script=Greek}', '\\p{White_Space}', '[\\p{Foo}]', '\\x', '\\x{', '\\x{}'],
    ...['\\x{110000}', '\\xZZ', '\\x4', '\ud800', 'a\udc00b'],
  ].map((p) => [p, p] as const),
  ['nested {2} ×10', '((((((((((x{2}){2}){2}){2}){2}){2}){2}){2}){2}){2})'],
  ['1000 nested captures', '('.repeat(1000) + ')'.repeat(1000)],
  ['1000 nested stars', '(?:'.repeat(1000) + ')*'.repeat(1000)],
  ['too large: (…(xx?)×1000…){1000}', '(' + '(xx?)'.repeat(1000) + '){1000}'],
  ['too large: (xx?){1000} ×1000', '(xx?){1000}'.repeat(1000)],
];

/** Patterns at Go's limits or odd but valid. */
const accepted: ReadonlyArray<readonly [string, string]> = [
  ...[
    ...['((((((((((x{1}){2}){2}){2}){2}){2}){2}){2}){2}){2})', '(?:[a-z]{4}){0,250}', '[a-b-c]', '\\Qabc\\E'],
    ...['\\Q*+?{[\\E', '\\Q\\\\E', '\\Q\\\\\\E', '(?:a)', '(?P<name>a)', '(?<name>a)', '(?)', '(?i-s:a)'],
    ...['\\p{Canadian_Aboriginal}', '\\p{upper case-let ter}', '\\p{__upper case-let ter}', '\\p{Cn}'],
    ...['\\p{Assigned}', '\\p{^Any}', '[\\p{^Braille}]', '(?i)\\p{ascii}', '[[:^space:]\\PN]', '\\x{10FFFF}'],
  ].map((p) => [p, p] as const),
  ['nested {2} ×9', '((((((((((x{2}){2}){2}){2}){2}){2}){2}){2}){2}))'],
  ['999 nested captures', '('.repeat(999) + ')'.repeat(999)],
  ['999 nested stars', '(?:'.repeat(999) + ')*'.repeat(999)],
  ['12345 empty alternatives', '(' + '|'.repeat(12345) + ')'],
];

describe('compileGoRegexp refuses what Go refuses', () => {
  it.each(refused)('refuses %s', (_label, pattern) => {
    expect(compileGoRegexp(pattern)).toBeUndefined();
  });

  it.each(accepted)('accepts %s', (_label, pattern) => {
    expect(compileGoRegexp(pattern)).toBeDefined();
  });

  it('knows every script of Go’s unicode package in this Node', () => {
    expect(GO_SCRIPTS.filter((s) => unicodeClassBody(s) === undefined)).toEqual([]);
  });
});

describe('compileGoRegexp runs in linear time', () => {
  const a10k = 'a'.repeat(10_000);
  const pathological: Case[] = [
    ['^(a+)+$', 'a'.repeat(30) + '-', false],
    ['^(a+)+$', a10k + '-', false],
    ['^(a+)+$', a10k, true],
    ['(a|aa)*b', a10k, false],
    ['^(a|a)*$', a10k + 'b', false],
    ['(.*)*x', 'y'.repeat(10_000), false],
    ['(.*)*x', 'y'.repeat(10_000) + 'x', true],
    ['^(a*)*b$', a10k, false],
    ['((a+)+)+b', a10k, false],
    ['(x+x+)+y', 'x'.repeat(10_000), false],
    ['^(\\w+\\s?)*$', 'ab '.repeat(3_333) + '!', false],
    ['(?i)(\\pL|\\d)*-$', 'é1'.repeat(5_000) + '-x', false],
    ['^(?:a?){100}a{100}$', 'a'.repeat(100), true],
    ['^(a{1,10}){1,100}$', a10k, false],
  ];

  it.each(pathological)('%j on a long input → %s', (pattern, input, expected) => {
    expect(compileGoRegexp(pattern)?.test(input)).toBe(expected);
  });
});
