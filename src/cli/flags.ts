/**
 * Command-line flags with spf13/pflag's grammar and error texts, which docker users see:
 * `--name value`, `--name=value`, `-n value`, `-nvalue`, grouped booleans `-qa`, `--` ends flags,
 * flags may follow positional arguments.
 */
export type FlagKind = 'bool' | 'string' | 'list' | 'map' | 'filter' | 'uint' | 'int';

export interface FlagSpec {
  name: string;
  short?: string;
  kind: FlagKind;
  usage: string;
  /** Shown after the flag name in help (pflag's UnquoteUsage type name). */
  typeName?: string;
  /** Default as help prints it (`(default "local")`), and the value when the flag is absent. */
  defaultValue?: string;
  hidden?: boolean;
  /** Checks and normalises one value; throw an Error whose message pflag shows after the flag. */
  validate?: (value: string) => string;
}

export type FlagValue = boolean | string | string[] | Map<string, string> | number;

export class FlagError extends Error {}

/** Values parsed for a command. */
export class ParsedFlags {
  constructor(
    private readonly specs: readonly FlagSpec[],
    readonly values: Map<string, FlagValue>,
    /** Names given explicitly on the command line. */
    readonly changed: Set<string>,
  ) {}

  bool(name: string): boolean {
    return this.values.get(name) === true;
  }
  string(name: string): string {
    const v = this.values.get(name);
    return typeof v === 'string' ? v : (this.spec(name)?.defaultValue ?? '');
  }
  list(name: string): string[] {
    const v = this.values.get(name);
    return Array.isArray(v) ? v : [];
  }
  map(name: string): Map<string, string> {
    const v = this.values.get(name);
    return v instanceof Map ? v : new Map();
  }
  number(name: string): number {
    const v = this.values.get(name);
    return typeof v === 'number' ? v : Number(this.spec(name)?.defaultValue ?? 0);
  }
  private spec(name: string): FlagSpec | undefined {
    return this.specs.find((s) => s.name === name);
  }
}

const parseBool = (flag: string, raw: string): boolean => {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(raw)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(raw)) return false;
  throw new FlagError(
    `invalid argument ${JSON.stringify(raw)} for "${flag}" flag: strconv.ParseBool: parsing ${JSON.stringify(raw)}: invalid syntax`,
  );
};

/** The flag as pflag names it in errors: `-f, --filter` or `--format`. */
export const flagDisplayName = (s: FlagSpec): string =>
  s.short ? `-${s.short}, --${s.name}` : `--${s.name}`;

/**
 * Parses `args` against `specs`. Returns flag values and positional arguments, or throws FlagError
 * with pflag's text. `--help`/`-h` are reported through `help: true`.
 */
export function parseFlags(
  specs: readonly FlagSpec[],
  args: readonly string[],
  options: { interspersed?: boolean } = {},
): { flags: ParsedFlags; positionals: string[]; help: boolean } {
  const values = new Map<string, FlagValue>();
  const changed = new Set<string>();
  const positionals: string[] = [];
  let help = false;

  const set = (spec: FlagSpec, raw: string): void => {
    changed.add(spec.name);
    if (spec.kind === 'filter' && raw === '') return; // docker's FilterOpt ignores empty values
    let value = raw;
    if (spec.validate) {
      try {
        value = spec.validate(raw);
      } catch (err) {
        throw new FlagError(
          `invalid argument ${JSON.stringify(raw)} for "${flagDisplayName(spec)}" flag: ${(err as Error).message}`,
        );
      }
    }
    switch (spec.kind) {
      case 'bool':
        values.set(spec.name, parseBool(flagDisplayName(spec), value));
        break;
      case 'string':
        values.set(spec.name, value);
        break;
      case 'uint':
      case 'int': {
        const signed = spec.kind === 'int';
        if (!(signed ? /^[+-]?\d+$/ : /^\d+$/).test(value)) {
          throw new FlagError(
            `invalid argument ${JSON.stringify(raw)} for "${flagDisplayName(spec)}" flag: strconv.Parse${signed ? 'Int' : 'Uint'}: parsing ${JSON.stringify(raw)}: invalid syntax`,
          );
        }
        values.set(spec.name, Number(value));
        break;
      }
      case 'list':
      case 'filter': {
        const list = (values.get(spec.name) as string[] | undefined) ?? [];
        list.push(value);
        values.set(spec.name, list);
        break;
      }
      case 'map': {
        const map = (values.get(spec.name) as Map<string, string> | undefined) ?? new Map<string, string>();
        const eq = value.indexOf('=');
        if (eq < 0) map.set(value, '');
        else map.set(value.slice(0, eq), value.slice(eq + 1));
        values.set(spec.name, map);
        break;
      }
    }
  };

  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('--') && arg.length > 2) {
      const eq = arg.indexOf('=');
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      if (name === 'help') {
        help = true;
        continue;
      }
      const spec = specs.find((s) => s.name === name);
      if (!spec) throw new FlagError(`unknown flag: --${name}`);
      if (eq >= 0) set(spec, arg.slice(eq + 1));
      else if (spec.kind === 'bool') set(spec, 'true');
      else if (i + 1 < args.length) set(spec, args[++i] as string);
      else throw new FlagError(`flag needs an argument: --${name}`);
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      let rest = arg.slice(1);
      while (rest.length > 0) {
        const c = rest[0] as string;
        rest = rest.slice(1);
        const spec = specs.find((s) => s.short === c);
        // `-h` is help unless the command claims it (docker run's --hostname).
        if (c === 'h' && !spec) {
          help = true;
          continue;
        }
        if (!spec) throw new FlagError(`unknown shorthand flag: '${c}' in ${arg}`);
        if (spec.kind === 'bool') {
          if (rest.startsWith('=')) {
            set(spec, rest.slice(1));
            rest = '';
          } else set(spec, 'true');
          continue;
        }
        if (rest.length > 0) set(spec, rest.startsWith('=') ? rest.slice(1) : rest);
        else if (i + 1 < args.length) set(spec, args[++i] as string);
        else throw new FlagError(`flag needs an argument: '${c}' in -${c}`);
        rest = '';
      }
      continue;
    }
    positionals.push(arg);
    if (options.interspersed === false) {
      positionals.push(...args.slice(i + 1));
      break;
    }
  }
  for (const s of specs) {
    if (!values.has(s.name) && s.defaultValue !== undefined && s.kind === 'bool') {
      values.set(s.name, s.defaultValue === 'true');
    }
  }
  return { flags: new ParsedFlags(specs, values, changed), positionals, help };
}

/**
 * Docker's filter flag value: `name=value`, name lower-cased and trimmed, value trimmed. Strata's
 * `size` filter is also written as a comparison (`size>1GB`, `size<=10MiB`): it becomes `size=>1GB`.
 */
export function validateFilter(value: string): string {
  const size = /^\s*size\s*(<=|>=|<|>|=)\s*(.*)$/i.exec(value);
  if (size) return `size=${size[1] === '=' ? '' : (size[1] ?? '')}${(size[2] ?? '').trim()}`;
  if (!value.includes('=')) throw new Error('bad format of filter (expected name=value)');
  const eq = value.indexOf('=');
  return `${value.slice(0, eq).trim().toLowerCase()}=${value.slice(eq + 1).trim()}`;
}

/** docker/cli opts.ValidateLabel. */
export function validateLabel(value: string): string {
  const eq = value.indexOf('=');
  const key = (eq < 0 ? value : value.slice(0, eq)).trim();
  if (key === '') throw new Error(`invalid label '${value}': empty name`);
  if (/[ \t\n\v\f\r]/.test(key)) throw new Error(`label '${key}' contains whitespaces`);
  return value;
}

/** Filter flag values (`k=v` strings) as the API's filter map. */
export function filtersFromFlag(values: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    const k = v.slice(0, eq);
    (out[k] ??= []).push(v.slice(eq + 1));
  }
  return out;
}
