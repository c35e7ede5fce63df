import { readFileSync } from 'node:fs';
import { goPathError } from '../errors/index.js';

/** Looks a variable up in the client's environment (os.LookupEnv). */
export type EnvLookup = (key: string) => string | undefined;

export const processEnvLookup: EnvLookup = (key) => process.env[key];

/**
 * docker/cli pkg/kvfile: a file of `KEY=value` lines. Leading white space is dropped, blank lines and
 * `#` comments are skipped, a UTF-8 BOM on the first line is ignored; a bare `KEY` takes the value
 * from `lookup` (and is left out when it has none, or when there is no lookup, as for label files).
 */
export function parseKeyValueText(text: Buffer, lookup?: EnvLookup): string[] {
  const out: string[] = [];
  const lines = text.toString('latin1').split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const [i, rawLatin] of lines.entries()) {
    let raw = Buffer.from(rawLatin.replace(/\r$/, ''), 'latin1');
    if (!isValidUtf8(raw)) throw new Error(`invalid utf8 bytes at line ${i + 1}: [${[...raw].join(' ')}]`);
    if (i === 0 && raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf) raw = raw.subarray(3);
    const line = raw.toString('utf8').replace(/^\s+/u, '');
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    const key = eq < 0 ? line : line.slice(0, eq);
    if (key === '') throw new Error(`no variable name on line '${line}'`);
    if (/[ \t]/.test(key)) throw new Error(`variable '${key}' contains whitespaces`);
    if (eq >= 0) out.push(line);
    else if (lookup) {
      const value = lookup(line);
      if (value !== undefined) out.push(`${key}=${value}`);
    }
  }
  return out;
}

function isValidUtf8(b: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}

/** kvfile.Parse: reads and parses one file, with docker's error texts. */
export function parseKeyValueFile(path: string, lookup?: EnvLookup): string[] {
  let text: Buffer;
  try {
    text = readFileSync(path);
  } catch (err) {
    throw new Error(goPathError('open', path, err));
  }
  try {
    return parseKeyValueText(text, lookup);
  } catch (err) {
    throw new Error(`invalid env file (${path}): ${(err as Error).message}`);
  }
}

/** opts.ReadKVStrings / ReadKVEnvStrings: every file's lines, then the flag values. */
export function readKeyValueStrings(
  files: readonly string[],
  override: readonly string[],
  lookup?: EnvLookup,
): string[] | null {
  const vars: string[] = [];
  for (const f of files) vars.push(...parseKeyValueFile(f, lookup));
  vars.push(...override);
  return vars.length === 0 ? null : vars;
}

/** opts.ValidateEnv: `KEY` alone takes the client's value when it has one. */
export function validateEnv(value: string, lookup: EnvLookup = processEnvLookup): string {
  const eq = value.indexOf('=');
  const key = eq < 0 ? value : value.slice(0, eq);
  if (key === '') throw new Error(`invalid environment variable: ${value}`);
  if (eq >= 0) return value;
  const found = lookup(key);
  return found === undefined ? value : `${key}=${found}`;
}

/** opts.ConvertKVStringsToMap: `k=v` strings to a map, later keys win. */
export function kvStringsToMap(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    out[eq < 0 ? v : v.slice(0, eq)] = eq < 0 ? '' : v.slice(eq + 1);
  }
  return out;
}
