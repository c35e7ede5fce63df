// Reading and writing goldens: test/conformance/goldens/{cli,http}/<case-name>.json, pretty, stable key order.
import { existsSync, mkdirSync, readFileSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_CLI_API_VERSION,
  type CliCase,
  type CliGolden,
  type CliResult,
  type HttpCase,
  type HttpGolden,
  type HttpResult,
} from './types.js';

export const GOLDEN_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'goldens');
export type GoldenKind = 'cli' | 'http';

export function goldenPath(kind: GoldenKind, name: string): string {
  return path.join(GOLDEN_DIR, kind, `${name}.json`);
}

export function cliGolden(c: CliCase, r: CliResult): CliGolden {
  return {
    name: c.name,
    argv: c.argv,
    apiVersion: c.apiVersion === undefined ? DEFAULT_CLI_API_VERSION : c.apiVersion,
    ...(c.stdin === undefined ? {} : { stdin: c.stdin }),
    ...(c.configJson === undefined ? {} : { configJson: c.configJson }),
    ...(c.setup ? { setup: c.setup } : {}),
    ...(c.notes ? { notes: c.notes } : {}),
    stdout: r.stdout,
    stderr: r.stderr,
    code: r.code,
  };
}

export function httpGolden(c: HttpCase, r: HttpResult): HttpGolden {
  return {
    name: c.name,
    request: c.request,
    ...(c.setup ? { setup: c.setup } : {}),
    ...(c.notes ? { notes: c.notes } : {}),
    status: r.status,
    headers: Object.fromEntries(Object.entries(r.headers).sort(([a], [b]) => (a < b ? -1 : 1))),
    body: r.body,
  };
}

export function writeGolden(kind: GoldenKind, g: CliGolden | HttpGolden): void {
  const file = goldenPath(kind, g.name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(g, null, 2) + '\n');
}

export function readCliGolden(name: string): CliGolden | undefined {
  const f = goldenPath('cli', name);
  return existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as CliGolden) : undefined;
}

export function readHttpGolden(name: string): HttpGolden | undefined {
  const f = goldenPath('http', name);
  return existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as HttpGolden) : undefined;
}

/** The comparable part of a golden. */
export function cliResultOf(g: CliGolden): CliResult {
  return { stdout: g.stdout, stderr: g.stderr, code: g.code };
}

export function httpResultOf(g: HttpGolden): HttpResult {
  return { status: g.status, headers: g.headers, body: g.body };
}

/** Delete goldens whose case no longer exists; returns the removed names. */
export function pruneGoldens(kind: GoldenKind, keep: Set<string>): string[] {
  const dir = path.join(GOLDEN_DIR, kind);
  if (!existsSync(dir)) return [];
  const removed: string[] = [];
  for (const f of readdirSync(dir)) {
    if (f.endsWith('.json') && !keep.has(f.slice(0, -5))) {
      unlinkSync(path.join(dir, f));
      removed.push(f.slice(0, -5));
    }
  }
  return removed;
}
