import { invalidParameter, messages } from '../errors/index.js';
import { compileGoRegexp } from './go-regexp.js';

/** Filters as decoded from the API: key → values in the order given. */
export type FilterQuery = Readonly<Record<string, readonly string[]>>;

/**
 * moby api/types/filters.Args: key → set of values. The API layer decodes the `filters` query
 * parameter (either JSON encoding) into a plain record; the engine validates and matches here.
 */
export class FilterArgs {
  constructor(readonly fields: ReadonlyMap<string, ReadonlySet<string>> = new Map()) {}

  static of(entries: FilterQuery = {}): FilterArgs {
    return new FilterArgs(new Map(Object.entries(entries).map(([k, v]) => [k, new Set(v)])));
  }

  keys(): string[] {
    return [...this.fields.keys()];
  }

  has(key: string): boolean {
    return this.fields.has(key);
  }

  values(key: string): string[] {
    return [...(this.fields.get(key) ?? [])];
  }

  /** Throws Docker's `invalid filter '<key>'` for the first key not accepted (sorted, for determinism). */
  validate(accepted: ReadonlySet<string>, options: { legacyErrors: boolean }): void {
    for (const key of this.keys().sort()) {
      if (!accepted.has(key)) throw invalidParameter(messages.invalidFilter(key, options.legacyErrors));
    }
  }

  with(key: string, value: string): FilterArgs {
    const fields = new Map([...this.fields].map(([k, v]) => [k, new Set(v)] as const));
    const set = fields.get(key) ?? new Set<string>();
    set.add(value);
    fields.set(key, set);
    return new FilterArgs(fields);
  }

  /**
   * A boolean filter such as `dangling`. v23+ (moby Args.GetBoolOrDefault): the values must include
   * exactly one of the sides "true"/"1" and "false"/"0" (case-sensitive; others are ignored beside
   * them); 20.10 took "true"/"1" first, then "false"/"0", and refused anything else.
   */
  boolOrDefault(key: string, dflt: boolean, options: { legacyErrors: boolean }): boolean {
    const set = this.fields.get(key);
    if (set === undefined) return dflt;
    const vals = [...set];
    const bad = (): never => {
      const detail = vals.length === 0 && !options.legacyErrors ? key : `${key}=[${vals.join(' ')}]`;
      throw invalidParameter(messages.invalidFilter(detail, options.legacyErrors));
    };
    const isTrue = set.has('true') || set.has('1');
    const isFalse = set.has('false') || set.has('0');
    if (options.legacyErrors) {
      // 20.10 asked ExactMatch("dangling", "true") first, which holds for an empty set too.
      if (isTrue || set.size === 0) return true;
      if (isFalse) return false;
      return bad();
    }
    if (isTrue === isFalse) return bad();
    return isTrue;
  }

  /** moby Args.ExactMatch: true when the key has no values, else when `source` is one of them. */
  exactMatch(key: string, source: string): boolean {
    const set = this.fields.get(key);
    return set === undefined || set.size === 0 || set.has(source);
  }

  /** moby Args.FuzzyMatch: as exactMatch, or a value is a prefix of `source`. */
  fuzzyMatch(key: string, source: string): boolean {
    if (this.exactMatch(key, source)) return true;
    for (const v of this.fields.get(key) ?? []) if (source.startsWith(v)) return true;
    return false;
  }

  /**
   * moby Args.Match: true when the key has no values, else when a value equals `source` or, as a Go
   * regexp (a value Go cannot compile matches nothing), matches somewhere in it.
   */
  match(key: string, source: string): boolean {
    const set = this.fields.get(key);
    if (set === undefined || set.size === 0 || set.has(source)) return true;
    for (const v of set) if (compileGoRegexp(v)?.test(source)) return true;
    return false;
  }

  /** Whether `labels` satisfy every value of the `key` filter (`k` or `k=v`), as Args.MatchKVList. */
  matchAllLabels(key: string, labels: Readonly<Record<string, string>> | null): boolean {
    const wanted = this.fields.get(key);
    if (!wanted || wanted.size === 0) return true;
    if (labels === null || Object.keys(labels).length === 0) return false;
    for (const w of wanted) {
      const eq = w.indexOf('=');
      const k = eq < 0 ? w : w.slice(0, eq);
      if (!Object.prototype.hasOwnProperty.call(labels, k)) return false;
      if (eq >= 0 && labels[k] !== w.slice(eq + 1)) return false;
    }
    return true;
  }
}
