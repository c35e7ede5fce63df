import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGoRegexp } from './go-regexp.js';

/**
 * On a subset of syntax where RE2 and JavaScript agree on *whether* a match exists — literals,
 * classes, `.`, `\d \w \b`, alternation, groups, greedy and lazy quantifiers, `^`/`$` — over
 * inputs without newlines or non-ASCII, the engine must answer exactly as JavaScript's RegExp.
 */
const ALPHABET = [...'abc.-_0123456789'];

const literal = fc.constantFrom(...ALPHABET).map((c) => (c === '.' ? '\\.' : c));
const classItem = fc.oneof(
  fc.constantFrom(...ALPHABET).map((c) => (c === '-' || c === '.' ? `\\${c}` : c)),
  fc.constantFrom('a-c', '0-9', '\\d', '\\w', '_-a'),
);
const charClass = fc
  .tuple(fc.boolean(), fc.array(classItem, { minLength: 1, maxLength: 3 }))
  .map(([negated, items]) => `[${negated ? '^' : ''}${items.join('')}]`);
const atom = fc.oneof(literal, charClass, fc.constantFrom('.', '\\d', '\\w', '\\D', '\\W'));
const quantifier = fc
  .oneof(
    fc.constantFrom('*', '+', '?'),
    fc.tuple(fc.nat(2), fc.nat(2)).map(([min, extra]) => `{${min},${min + extra}}`),
    fc.nat(2).map((n) => `{${n}}`),
    fc.nat(2).map((n) => `{${n},}`),
  )
  .chain((q) => fc.constantFrom(q, `${q}?`));

const { regex } = fc.letrec<{ regex: string; term: string; piece: string }>((tie) => ({
  piece: fc.oneof(
    // Shallow nesting keeps JavaScript's backtracking (the reference) fast on nested quantifiers.
    { maxDepth: 1, depthIdentifier: 'group' },
    { weight: 3, arbitrary: atom },
    { weight: 1, arbitrary: tie('regex').map((r) => `(?:${r})`) },
    { weight: 1, arbitrary: tie('regex').map((r) => `(${r})`) },
    { weight: 1, arbitrary: fc.constant('\\b') },
  ),
  term: fc
    .array(
      fc.tuple(tie('piece'), fc.option(quantifier)).map(([p, q]) => (q === null || p === '\\b' ? p : p + q)),
      { maxLength: 4 },
    )
    .map((parts) => parts.join('')),
  regex: fc.array(tie('term'), { minLength: 1, maxLength: 3 }).map((alts) => alts.join('|')),
}));

const pattern = fc
  .tuple(fc.boolean(), regex, fc.boolean())
  .map(([start, body, end]) => `${start ? '^' : ''}${body}${end ? '$' : ''}`);
const input = fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 8 });

describe('compileGoRegexp agrees with JavaScript where RE2 and ECMAScript agree', () => {
  it('decides matches like RegExp', () => {
    fc.assert(
      fc.property(
        pattern,
        fc.boolean(),
        fc.array(input, { minLength: 1, maxLength: 4 }),
        (p, fold, inputs) => {
          const go = compileGoRegexp(fold ? `(?i)${p}` : p);
          const js = new RegExp(p, fold ? 'iu' : 'u');
          expect(go).toBeDefined();
          for (const s of inputs) expect(go?.test(s), `${p} on ${JSON.stringify(s)}`).toBe(js.test(s));
        },
      ),
      { numRuns: 200 },
    );
  });
});
