/**
 * Go regexps as Docker's `name` filters use them: each value is compiled with Go's
 * `regexp.Compile` (RE2 syntax, Perl flags) and tried with `MatchString` — an unanchored search — and
 * a value Go cannot compile matches nothing. Strata runs its own RE2-semantics engine rather than
 * JavaScript's backtracking RegExp, so a hostile pattern (`^(a+)+$`) costs linear time, not seconds:
 * a test is O(pattern size × input length), the pattern size capped by Go's own parser limits.
 *
 * Supported, with Go's meaning: literals; escapes (`\n`, `\x41`, `\x{1F600}`, octal `\012`,
 * `\Q…\E`, escaped punctuation); `.` (newline only under `(?s)`); classes with ranges, negation,
 * `[[:alpha:]]`, `\d\w\s` (ASCII) and `\pL`, `\p{Greek}`, `\PN`, `\p{^Lu}`; `^ $ \A \z \b \B`
 * (`$` is end of text, not before a final newline, unless `(?m)`); groups `( )`, `(?: )`,
 * `(?P<n> )`, `(?<n> )`; `|`; `* + ? {n} {n,} {n,m}` and their lazy forms (counts ≤ 1000); flags
 * `i m s U` set with `(?i)`, `(?-i)`, or scoped `(?i: )`.
 *
 * Refused (undefined), as Go refuses them: backreferences, lookaround, atomic and possessive
 * forms, `\C`, `\Z`, unknown escapes, stacked repetition (`a**`, `a{2}*`), a repetition with no
 * operand, invalid or reversed ranges, unknown class names, unbalanced parentheses, counts over
 * 1000 (alone or multiplied when nested), nesting deeper than 1000, programs over Go's size limit,
 * and lone surrogates (invalid UTF-8 to Go). Known difference: Go's rune-count limit
 * (`expression too large` for ~27k `\pL`s) is not reproduced; such patterns compile here.
 */
import { compileProgram, PikeVm } from './go-regexp-nfa.js';
import { parseGoRegexp } from './go-regexp-parse.js';
import { GoRegexpSyntaxError, type Node } from './go-regexp-syntax.js';

/** A compiled pattern; `test` reports whether it matches anywhere in the input. */
export interface GoRegexp {
  test(input: string): boolean;
}

export function compileGoRegexp(pattern: string): GoRegexp | undefined {
  let root: Node;
  try {
    root = parseGoRegexp(pattern);
  } catch (err) {
    if (err instanceof GoRegexpSyntaxError) return undefined;
    throw err;
  }
  const vm = new PikeVm(compileProgram(root));
  return { test: (input) => vm.test(input) };
}
