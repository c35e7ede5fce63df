// Shapes of conformance cases and goldens, shared by the recorder and the comparison suites.

/** Capabilities a case needs beyond the volume API. Targets that lack one skip the case (with the reason). */
export type Feature = 'containers';

/** One HTTP request, as sent. Strings in `path`, `body`, `json`, `chunks` and header values may hold placeholders. */
export interface HttpRequestSpec {
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** Raw body (sent with a Content-Length unless `omitContentLength`). */
  body?: string;
  /** JSON body: serialised with JSON.stringify; `Content-Type: application/json` unless headers say otherwise. */
  json?: unknown;
  /** Body sent as these chunks with `Transfer-Encoding: chunked`. */
  chunks?: string[];
  /** Send `body` without a Content-Length header (an HTTP/1.1 server must ignore it). */
  omitContentLength?: boolean;
}

/**
 * A setup step; its output is not compared. Captured output is available to later steps and to the case as
 * `{out<N>}` (N = index of the step): for `docker` the trimmed stdout, for `http` the `Name`/`Id` of a JSON reply
 * (else the trimmed body).
 */
export type SetupStep =
  | string[] // docker CLI argv
  | { docker: string[]; stdin?: string; /** default 1.41; null = negotiate */ apiVersion?: string | null }
  | { http: HttpRequestSpec }
  /** Write a file into `<data-root>/volumes/<volume>/_data/<path>` (volume content without containers). */
  | { writeFile: { volume: string; path: string; content: string } }
  /** Import a tiny image (one 3-byte file) under this reference, for `docker create`. */
  | { image: string }
  | { sleepMs: number };

interface CaseBase {
  /** Unique, file-name safe: [a-z0-9][a-z0-9._-]*. */
  name: string;
  setup?: SetupStep[];
  notes?: string;
  requires?: Feature[];
  /** Strata deliberately differs from the golden here: why. With it, `strata` holds what Strata must produce. */
  expectDiff?: string;
}

export interface CliCase extends CaseBase {
  argv: string[];
  stdin?: string;
  /** config.json for the CLI (DOCKER_CONFIG), e.g. `{ volumesFormat: '…' }`. */
  configJson?: unknown;
  /** DOCKER_API_VERSION; defaults to 1.41 (see DEFAULT_CLI_API_VERSION). `null` = negotiate. */
  apiVersion?: string | null;
  /** Compare only this part of stdout: from the first line equal to `start` up to (excluding) the line `end`. */
  section?: { start: string; end?: string };
  /** stdout holds `.Labels` lists (`a=1,b=2`), which CLI 28.2.2 prints in Go map order: sort them. */
  unorderedLabels?: boolean;
  strata?: Partial<CliResult>;
}

export interface HttpCase extends CaseBase {
  request: HttpRequestSpec;
  strata?: Partial<HttpResult>;
}

export interface CliResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface HttpResult {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface CliGolden extends CliResult {
  name: string;
  argv: string[];
  apiVersion: string | null;
  stdin?: string;
  configJson?: unknown;
  setup?: SetupStep[];
  notes?: string;
}

export interface HttpGolden extends HttpResult {
  name: string;
  request: HttpRequestSpec;
  setup?: SetupStep[];
  notes?: string;
}

export const DEFAULT_CLI_API_VERSION = '1.41';

/** Throw on duplicate or non-file-safe case names; returns the list unchanged. */
export function checkCaseNames<T extends { name: string }>(cases: T[]): T[] {
  const seen = new Set<string>();
  for (const c of cases) {
    if (!/^[a-z0-9][a-z0-9._-]*$/.test(c.name)) throw new Error(`bad case name: ${JSON.stringify(c.name)}`);
    if (seen.has(c.name)) throw new Error(`duplicate case name: ${c.name}`);
    seen.add(c.name);
  }
  return cases;
}
