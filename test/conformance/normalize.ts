// Normalisation of CLI and HTTP results, shared by the recorder (dockerd) and the comparison suites (Strata
// or dockerd), so that goldens are deterministic and target-independent:
//   data root → <data-root>, scratch dir → <scratch>, RFC3339 times → <time>, unix times (events, Created) → <unix>,
//   64-hex ids → <id-N> (N = order of first appearance within one case), Server → <server>,
//   the target's own max API version in Api-Version / version texts → <api-max>,
//   lists whose order Docker leaves unspecified → sorted (API volume lists, prune results, df rows, in-use refs).
// Nothing here depends on which target produced the result.
import type { CliResult, HttpRequestSpec, HttpResult } from './types.js';

export interface NormalizeContext {
  /** Data root of the target (absolute, as the daemon reports it). */
  dataRoot: string;
  /** Scratch dir handed to cases as `{scratch}`. */
  scratch: string;
  /** Highest API version the target serves (its `Api-Version` header), e.g. `1.41` or `1.50`. */
  maxApi: string;
}

/** Ordinal placeholders for 64-hex ids, in order of first appearance. One per case. */
export class IdMap {
  private readonly ids = new Map<string, number>();
  placeholder(hex: string): string {
    let n = this.ids.get(hex);
    if (n === undefined) {
      n = this.ids.size + 1;
      this.ids.set(hex, n);
    }
    return `<id-${n}>`;
  }
}

const RFC3339 = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/g;
const HEX64 = /(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])/g;
const EVENT_TIME = /"(time|timeNano|Created)":\d+/g; // events; images/containers in /system/df
const IN_USE_REFS = /(volume is in use - \[)([^\]]*)(\])/g;

/** Sort key that ignores the value of 64-hex ids (they are random): ids sort as `<id>`, then get ordinals in order. */
export function sortKey(s: string): string {
  return s.replace(HEX64, '<id>');
}
const byKey = (a: string, b: string): number => {
  const x = sortKey(a);
  const y = sortKey(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

export function normalizeText(text: string, ctx: NormalizeContext, ids: IdMap): string {
  let s = text;
  if (ctx.dataRoot) s = s.split(ctx.dataRoot).join('<data-root>');
  if (ctx.scratch) s = s.split(ctx.scratch).join('<scratch>');
  s = s.replace(
    IN_USE_REFS,
    (_m, a: string, refs: string, b: string) => a + refs.split(', ').sort(byKey).join(', ') + b,
  );
  s = s.replace(RFC3339, '<time>');
  s = s.replace(EVENT_TIME, '"$1":<unix>');
  s = s.replace(HEX64, (hex) => ids.placeholder(hex));
  s = s.replace(/(Maximum supported API version is )(\d+\.\d+)/g, (m, a: string, v: string) =>
    v === ctx.maxApi ? `${a}<api-max>` : m,
  );
  return s;
}

// ---------------------------------------------------------------- CLI

export interface CliNormalizeOptions {
  /** Keep only this part of stdout (first line equal to `start`, up to the line equal to `end`). */
  section?: { start: string; end?: string };
  /** Sort the items of comma-joined `k=v` lists (the CLI's `.Labels`, printed in random map order). */
  unorderedLabels?: boolean;
}

const LABEL_LIST = /[\w.-]+=[^,\s"\]]*(?:,[\w.-]+=[^,\s"\]]*)+/g;

export function normalizeCli(
  res: CliResult,
  ctx: NormalizeContext,
  opts: CliNormalizeOptions = {},
): CliResult {
  const ids = new IdMap();
  let stdout = res.stdout;
  if (opts.section) stdout = cutSection(stdout, opts.section.start, opts.section.end);
  if (opts.unorderedLabels) stdout = stdout.replace(LABEL_LIST, (m) => m.split(',').sort().join(','));
  stdout = sortBlock(stdout, (l) => l.endsWith('Deleted Volumes:'), 1); // may follow the prompt on one line
  stdout = sortBlock(stdout, (l) => l === 'Local Volumes space usage:', 3);
  return {
    stdout: normalizeText(stdout, ctx, ids),
    stderr: normalizeText(res.stderr, ctx, ids),
    code: res.code,
  };
}

function cutSection(text: string, start: string, end?: string): string {
  const lines = text.split('\n');
  const i = lines.indexOf(start);
  if (i < 0) return `<section ${JSON.stringify(start)} not found>\n` + text;
  let j = end === undefined ? lines.length : lines.indexOf(end, i + 1);
  if (j < 0) j = lines.length;
  return lines.slice(i, j).join('\n') + (j < lines.length ? '\n' : '');
}

/** Sort the run of non-empty lines that starts `skip` lines after a line matching `marker`. */
function sortBlock(text: string, marker: (line: string) => boolean, skip: number): string {
  const lines = text.split('\n');
  const m = lines.findIndex(marker);
  if (m < 0) return text;
  const from = m + skip;
  let to = from;
  while (to < lines.length && lines[to] !== '') to++;
  const sorted = lines.slice(from, to).sort(byKey);
  lines.splice(from, to - from, ...sorted);
  return lines.join('\n');
}

// ---------------------------------------------------------------- HTTP

/** Response headers kept in goldens (lower-case). Content-Length only where the body is empty (HEAD, 204, …). */
export const RECORDED_HEADERS = [
  'api-version',
  'builder-version',
  'cache-control',
  'content-type',
  'docker-experimental',
  'location',
  'ostype',
  'pragma',
  'server',
  'swarm',
  'x-content-type-options',
] as const;

export function normalizeHttp(
  res: { status: number; headers: Record<string, string>; body: string },
  req: HttpRequestSpec,
  ctx: NormalizeContext,
): HttpResult {
  const ids = new IdMap();
  const headers: Record<string, string> = {};
  for (const k of RECORDED_HEADERS) {
    const v = res.headers[k];
    if (v === undefined) continue;
    if (k === 'server') headers[k] = '<server>';
    else if (k === 'api-version' && v === ctx.maxApi) headers[k] = '<api-max>';
    else headers[k] = v;
  }
  if (res.body === '' && res.headers['content-length'] !== undefined)
    headers['content-length'] = res.headers['content-length'];
  const body = normalizeText(sortBody(res.body, req), ctx, ids);
  return { status: res.status, headers, body };
}

const byName = (a: unknown, b: unknown): number =>
  byKey(
    String((a as { Name?: unknown } | null)?.Name ?? ''),
    String((b as { Name?: unknown } | null)?.Name ?? ''),
  );

/** Sort lists whose order Docker leaves unspecified; rewrite version numbers of /version. */
function sortBody(body: string, req: HttpRequestSpec): string {
  const route = req.path.replace(/^\/v[0-9.]+/, '').replace(/\?.*$/, '');
  const method = req.method.toUpperCase();
  if (method === 'GET' && route === '/volumes') {
    return rewriteJson(body, (j) => {
      const v = (j as { Volumes?: unknown }).Volumes;
      if (Array.isArray(v)) v.sort(byName);
    });
  }
  if (method === 'GET' && route === '/system/df') {
    return rewriteJson(body, (j) => {
      const v = (j as { Volumes?: unknown }).Volumes;
      if (Array.isArray(v)) v.sort(byName);
    });
  }
  if (method === 'POST' && route === '/volumes/prune') {
    return rewriteJson(body, (j) => {
      const v = (j as { VolumesDeleted?: unknown }).VolumesDeleted;
      if (Array.isArray(v)) v.sort((a, b) => byKey(String(a), String(b)));
    });
  }
  if (method === 'GET' && route === '/version') {
    return rewriteJson(
      body,
      (j) => {
        maskVersionFields(j);
        const comps = (j as { Components?: unknown }).Components;
        if (Array.isArray(comps)) {
          for (const c of comps) {
            maskVersionFields(c);
            maskVersionFields((c as { Details?: unknown } | null)?.Details);
          }
        }
      },
      false,
    );
  }
  return body;
}

const VERSION_FIELDS = [
  'Version',
  'ApiVersion',
  'MinAPIVersion',
  'GitCommit',
  'GoVersion',
  'KernelVersion',
  'BuildTime',
  'Arch',
];

function maskVersionFields(o: unknown): void {
  if (o === null || typeof o !== 'object') return;
  const rec = o as Record<string, unknown>;
  for (const k of VERSION_FIELDS) {
    if (typeof rec[k] === 'string') rec[k] = `<${k}>`;
  }
}

/**
 * Parse, mutate and re-serialise a JSON body with its trailing newline. When `strict`, the body is left alone
 * unless re-serialising the unmodified value reproduces it byte for byte (so the golden never hides a
 * difference in key order or escaping).
 */
function rewriteJson(body: string, mutate: (j: unknown) => void, strict = true): string {
  const trimmed = body.endsWith('\n') ? body.slice(0, -1) : body;
  let j: unknown;
  try {
    j = JSON.parse(trimmed);
  } catch {
    return body;
  }
  if (strict && JSON.stringify(j) !== trimmed) return body;
  mutate(j);
  return JSON.stringify(j) + (body.endsWith('\n') ? '\n' : '');
}
