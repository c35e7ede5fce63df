// Hostile and broken requests: the case shape, the baseline volumes, and helpers for Docker's texts.
// The cases: hostile-create-cases.ts, hostile-filter-cases.ts, hostile-route-cases.ts.
//
// Evidence rule for every case: paths at /v1.41 (and cases marked `d20`) were checked against a real
// dockerd 20.10 with `STRATA_HOSTILE_TARGET=dockerd`; /v1.50 and unversioned expectations without
// `d20` come from moby v28.2.2 (file:line in `src`), since no Docker 28 daemon runs here.

export interface Expect {
  status: number;
  /** The JSON error `{"message":…}\n` (Content-Type application/json); an array = any of these (Go map order). */
  message?: string | string[];
  /** The exact body instead (plain-text errors, Go net/http answers, empty bodies). */
  body?: string;
  /** Expected Content-Type, when it matters beyond the JSON errors. */
  contentType?: string;
  location?: string;
  /** The case leaves exactly these new volumes behind (`<anon>` = a 64-hex name); they are removed afterwards. */
  creates?: string[];
  /** For 2xx answers: a check on the parsed JSON body (compared with toMatchObject). */
  json?: unknown;
}

export interface HostileCase {
  name: string;
  method: string;
  /** Request target as sent. `{root}` in expectations is the daemon's data root. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer | (() => Buffer);
  chunks?: (string | Buffer)[];
  omitContentLength?: boolean;
  /** Exact request bytes (then method/path only name the case), sent without closing our side… */
  raw?: string | Buffer;
  /** …unless this is set: then our side is half-closed after the bytes (a body shorter than announced). */
  halfClose?: boolean;
  timeoutMs?: number;
  /** Volumes created (POST /v1.41/volumes/create with these bodies) just before the request; the state
   *  after the request is still compared with the state before them (so a remove must remove them fully). */
  setup?: Record<string, unknown>[];
  expect: Expect;
  /** `true`: dockerd 20.10 answers exactly this too; an Expect: what dockerd 20.10 answers instead; absent:
   *  the expectation is Docker 28's (no 20.10 run). `'skip'`: not comparable with dockerd (a Strata limit). */
  d20?: true | Expect | 'skip';
  /** Evidence (moby file:line) or a note. */
  src?: string;
}

export const V50 = '/v1.50';
export const V41 = '/v1.41';
export const JSON_CT = { 'Content-Type': 'application/json' };

export const err = (status: number, message: string | string[], extra: Partial<Expect> = {}): Expect => ({
  status,
  message,
  ...extra,
});
export const created = (...names: string[]): Expect => ({ status: 201, creates: names });

/** Go's strconv.Quote (fmt %q) for the characters these cases use. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c === 0x2028 || c === 0x2029) out += `\\u${c.toString(16)}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Go's json.Encoder (SetEscapeHTML(false)) for a string; Go ≥ 1.22 (Docker 28) writes \b \f, Go 1.19 (20.10) \u0008 \u000c. */
export function goJsonString(s: string, go122: boolean): string {
  return JSON.stringify(s)
    .replace(/[\u2028\u2029]/gu, (ch) => `\\u${(ch.codePointAt(0) ?? 0).toString(16)}`)
    .replace(/\\(u[0-9a-f]{4}|.)/g, (esc, e: string) =>
      go122 ? esc : e === 'b' ? '\\u0008' : e === 'f' ? '\\u000c' : esc,
    );
}

// moby volume/local/local.go:257-265 (v28.2.2); same text in v20.10.24 volume/local/local.go
const NAME_RE_NOTE = '"[a-zA-Z0-9][a-zA-Z0-9_.-]"';
export const badName = (n: string): string =>
  `create ${n}: ${goQuote(n)} includes invalid characters for a local volume name, only ${NAME_RE_NOTE} are allowed. If you intended to pass a host directory, use absolute path`;
export const shortName = (n: string): string =>
  `create ${n}: volume name is too short, names should be at least two alphanumeric characters`;
/** A valid-pattern name too long for one path component: mkdir fails, Docker answers 500. */
export const tooLong = (n: string): string =>
  `create ${n}: error while creating volume root path '{root}/volumes/${n}': mkdir {root}/volumes/${n}: file name too long`;

/** Volumes the runner creates before the table (at /v1.41, so the same on both targets). */
export const REDOS_NAME = `${'a'.repeat(30)}-`;
export const BASELINE_NAMES = ['keep-1', 'keep-2', 'keep-tmp', REDOS_NAME];
/** Every baseline volume is unreferenced: `dangling=true` lists them all (plus the anonymous one). */
export const ALL = '<all>';

export const q = (filters: unknown): string => `?filters=${encodeURIComponent(JSON.stringify(filters))}`;
const NOT_FOUND = '{"message":"page not found"}\n';
export const pageNotFound: Expect = { status: 404, body: NOT_FOUND };
export const list = (names: string[] | string): Expect => ({ status: 200, json: { names } });
export const noPrune: Expect = { status: 200, json: { VolumesDeleted: [], SpaceReclaimed: 0 } };

export const get = (
  name: string,
  path: string,
  expect: Expect,
  more: Partial<HostileCase> = {},
): HostileCase => ({
  name,
  method: 'GET',
  path,
  expect,
  ...(path.startsWith(V41) ? { d20: true as const } : {}),
  ...more,
});
export const del = (
  name: string,
  path: string,
  expect: Expect,
  more: Partial<HostileCase> = {},
): HostileCase => ({
  ...get(name, path, expect, more),
  method: 'DELETE',
});
export const prune = (
  name: string,
  path: string,
  expect: Expect,
  more: Partial<HostileCase> = {},
): HostileCase => ({
  ...get(name, path, expect, more),
  method: 'POST',
});

/** The same filter at both versions: v28 says `invalid filter…`, 20.10 what its JSON decoder said. */
export const getNo = (n: string): string => `get ${n}: no such volume`;
export const moved = (location: string): Expect => ({ status: 301, body: '', location });

export const SRC_NAME = 'moby@v28.2.2 volume/local/local.go:257-265';
export const SRC_READJSON = 'moby@v28.2.2 api/server/httputils/httputils.go:61-85 (ReadJSON)';
export const SRC_CT = 'moby@v28.2.2 api/server/httputils/httputils.go:125-134 (matchesContentType)';
export const SRC_OPTS = 'moby@v28.2.2 volume/local/local_unix.go:50-87 (validateOpts)';

export const post = (
  name: string,
  path: string,
  body: string | Buffer | (() => Buffer),
  expect: Expect,
  more: Partial<HostileCase> = {},
): HostileCase => ({ name, method: 'POST', path, headers: JSON_CT, body, expect, ...more });
/** A create with a JSON body built from `value`. */
export const create = (
  name: string,
  ver: string,
  value: unknown,
  expect: Expect,
  more: Partial<HostileCase> = {},
): HostileCase => post(name, `${ver}/volumes/create`, JSON.stringify(value), expect, more);
export const TYPE_ERR = (ver: string, what: string, field: string, type: string): string =>
  ver === V41
    ? `json: cannot unmarshal ${what} into Go struct field VolumeCreateBody.${field} of type ${type}`
    : `invalid JSON: json: cannot unmarshal ${what} into Go struct field CreateOptions.${field} of type ${type}`;
