// Runs conformance cases against a target (the real dockerd or Strata): clean state, setup steps,
// placeholders, the case itself, normalisation. Used by record.ts and by the *.test.ts suites.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runDocker } from '../helpers/docker-cli.js';
import { dockerdUnavailableReason, startDockerd } from '../helpers/dockerd.js';
import { apiJson, rawRequest, type RawRequestOptions } from '../helpers/http.js';
import { runcUnavailableReason } from '../helpers/busybox-rootfs.js';
import { startStrata, strataUnavailableReason } from '../helpers/strata-daemon.js';
import { normalizeCli, normalizeHttp, type NormalizeContext } from './normalize.js';
import {
  DEFAULT_CLI_API_VERSION,
  type CliCase,
  type CliResult,
  type Feature,
  type HttpCase,
  type HttpRequestSpec,
  type HttpResult,
  type SetupStep,
} from './types.js';

export type TargetKind = 'dockerd' | 'strata';

export interface Target extends NormalizeContext {
  kind: TargetKind;
  socket: string;
  features: ReadonlySet<Feature>;
  stop(): Promise<void>;
}

/** Which target the suites run against: env STRATA_CONFORMANCE_TARGET = strata (default) | dockerd. */
export function selectedTarget(): TargetKind {
  return process.env.STRATA_CONFORMANCE_TARGET === 'dockerd' ? 'dockerd' : 'strata';
}

export function targetUnavailableReason(kind: TargetKind): string | undefined {
  return kind === 'dockerd' ? dockerdUnavailableReason() : strataUnavailableReason();
}

export async function startTarget(kind: TargetKind): Promise<Target> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'scs-'));
  try {
    const d = kind === 'dockerd' ? await startDockerd() : await startStrata();
    const ping = await rawRequest(d.socket, { method: 'GET', path: '/_ping' });
    // Strata runs containers where it can: as root with runc (CI is both).
    const features: Feature[] =
      kind === 'dockerd' || (process.getuid?.() === 0 && runcUnavailableReason() === undefined)
        ? ['containers']
        : [];
    return {
      kind,
      socket: d.socket,
      dataRoot: d.dataRoot,
      scratch,
      maxApi: ping.headers['api-version'] ?? '',
      features: new Set(features),
      async stop() {
        try {
          await d.stop();
        } finally {
          rmSync(scratch, { recursive: true, force: true });
        }
      },
    };
  } catch (err) {
    rmSync(scratch, { recursive: true, force: true });
    throw err;
  }
}

export function missingFeatures(t: Target, c: { requires?: Feature[]; setup?: SetupStep[] }): Feature[] {
  return requiredFeatures(c).filter((f) => !t.features.has(f));
}

/** Declared requirements, plus `containers` for any case whose setup imports an image or runs container commands. */
export function requiredFeatures(c: { requires?: Feature[]; setup?: SetupStep[] }): Feature[] {
  const out = new Set<Feature>(c.requires ?? []);
  for (const step of c.setup ?? []) {
    const argv = Array.isArray(step) ? step : 'docker' in step ? step.docker : undefined;
    if ('image' in step || (argv && argv[0] !== 'volume' && argv[0] !== 'system')) out.add('containers');
  }
  return [...out];
}

// ---------------------------------------------------------------- clean state

/** Remove every container, volume and image, so each case starts from an empty daemon. */
export async function resetState(t: Target): Promise<void> {
  const s = t.socket;
  const ctrs = await apiJson<{ Id: string }[]>(s, 'GET', '/v1.41/containers/json?all=1', undefined, [404]);
  for (const c of ctrs.status === 200 ? (ctrs.json ?? []) : []) {
    await apiJson(s, 'DELETE', `/v1.41/containers/${c.Id}?force=1&v=1`, undefined, [404]);
  }
  const vols = await apiJson<{ Volumes: { Name: string }[] }>(s, 'GET', '/v1.41/volumes');
  for (const v of vols.json?.Volumes ?? []) {
    await apiJson(s, 'DELETE', `/v1.41/volumes/${encodeURIComponent(v.Name)}?force=1`, undefined, [404]);
  }
  const imgs = await apiJson<{ Id: string }[]>(s, 'GET', '/v1.41/images/json?all=1', undefined, [404]);
  for (const i of imgs.status === 200 ? (imgs.json ?? []) : []) {
    await apiJson(s, 'DELETE', `/v1.41/images/${i.Id}?force=1&noprune=0`, undefined, [404, 409]);
  }
  const left = await apiJson<{ Volumes: unknown[] }>(s, 'GET', '/v1.41/volumes');
  if ((left.json?.Volumes ?? []).length > 0)
    throw new Error(`reset: volumes left: ${JSON.stringify(left.json)}`);
}

// ---------------------------------------------------------------- placeholders and setup

export interface Vars {
  /** Unix time (seconds, ms fraction) taken after the reset, before the setup: for `since`. */
  start: number;
  outs: string[];
  scratch: string;
}

/** `{outN}`, `{start}`, `{now}`, `{now+S}` / `{now-S}` (seconds), `{scratch}`. */
export function resolve(s: string, v: Vars): string {
  return s.replace(
    /\{(out(\d+)|start|now([+-]\d+)?|scratch)\}/g,
    (m, _all: string, n?: string, delta?: string) => {
      if (n !== undefined) {
        const o = v.outs[Number(n)];
        if (o === undefined) throw new Error(`placeholder ${m}: no such setup output`);
        return o;
      }
      if (m === '{start}') return v.start.toFixed(3);
      if (m === '{scratch}') return v.scratch;
      // +5 ms: Date.now() truncates to the millisecond; events of the setup must be <= {now}
      return ((Date.now() + 5) / 1000 + Number(delta ?? 0)).toFixed(3);
    },
  );
}

function resolveDeep<T>(x: T, v: Vars): T {
  if (typeof x === 'string') return resolve(x, v) as T;
  if (Array.isArray(x)) return x.map((e: unknown) => resolveDeep(e, v)) as T;
  if (x !== null && typeof x === 'object') {
    return Object.fromEntries(Object.entries(x).map(([k, e]) => [k, resolveDeep(e, v)])) as T;
  }
  return x;
}

let imageTar: Buffer | undefined;
/** A tiny, reproducible image tarball: one file `/hello` with `hi\n`. */
function tinyImageTar(): Buffer {
  if (imageTar) return imageTar;
  const dir = mkdtempSync(path.join(tmpdir(), 'simg-'));
  try {
    writeFileSync(path.join(dir, 'hello'), 'hi\n');
    imageTar = execFileSync('tar', [
      '-C',
      dir,
      '--mtime=@0',
      '--owner=0',
      '--group=0',
      '--numeric-owner',
      '-cf',
      '-',
      'hello',
    ]);
    return imageTar;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runSetup(t: Target, steps: SetupStep[] | undefined): Promise<Vars> {
  await new Promise((r) => setTimeout(r, 20)); // events of the reset are strictly before `start`
  const v: Vars = { start: Date.now() / 1000, outs: [], scratch: t.scratch };
  for (const [i, step] of (steps ?? []).entries()) {
    const fail = (what: string): never => {
      throw new Error(`setup step ${i} (${JSON.stringify(step)}) failed: ${what}`);
    };
    if (Array.isArray(step) || 'docker' in step) {
      const argv = resolveDeep(Array.isArray(step) ? step : step.docker, v);
      const apiVersion =
        Array.isArray(step) || step.apiVersion === undefined ? DEFAULT_CLI_API_VERSION : step.apiVersion;
      const stdin = Array.isArray(step) ? undefined : step.stdin;
      const r = await runDocker(argv, {
        host: t.socket,
        ...(apiVersion === null ? {} : { apiVersion }),
        ...(stdin === undefined ? {} : { stdin }),
      });
      if (r.code !== 0) fail(`exit ${r.code}: ${r.stderr.trim()}`);
      v.outs.push(r.stdout.trim());
    } else if ('http' in step) {
      const r = await rawRequest(t.socket, toRawOptions(resolveDeep(step.http, v)));
      if (r.status >= 300) fail(`status ${r.status}: ${r.body.trim()}`);
      v.outs.push(captured(r.body));
    } else if ('writeFile' in step) {
      const { volume, path: p, content } = resolveDeep(step.writeFile, v);
      const file = path.join(t.dataRoot, 'volumes', volume, '_data', p);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, content);
      v.outs.push(file);
    } else if ('image' in step) {
      const r = await runDocker(['import', '-', step.image], {
        host: t.socket,
        apiVersion: DEFAULT_CLI_API_VERSION,
        stdin: tinyImageTar(),
      });
      if (r.code !== 0) fail(`exit ${r.code}: ${r.stderr.trim()}`);
      v.outs.push(r.stdout.trim());
    } else {
      await new Promise((r) => setTimeout(r, step.sleepMs));
      v.outs.push('');
    }
  }
  return v;
}

function captured(body: string): string {
  try {
    const j = JSON.parse(body) as { Name?: unknown; Id?: unknown };
    if (typeof j.Name === 'string') return j.Name;
    if (typeof j.Id === 'string') return j.Id;
  } catch {
    // not JSON
  }
  return body.trim();
}

export function toRawOptions(spec: HttpRequestSpec, timeoutMs = 30_000): RawRequestOptions {
  const headers: Record<string, string> = { ...spec.headers };
  let body: string | undefined = spec.body;
  if (spec.json !== undefined) {
    body = JSON.stringify(spec.json);
    if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type'))
      headers['Content-Type'] = 'application/json';
  }
  return {
    method: spec.method,
    path: spec.path,
    headers,
    ...(body === undefined ? {} : { body }),
    ...(spec.chunks ? { chunks: spec.chunks } : {}),
    ...(spec.omitContentLength ? { omitContentLength: true } : {}),
    timeoutMs,
  };
}

// ---------------------------------------------------------------- running cases

export async function runCliCase(t: Target, c: CliCase): Promise<CliResult> {
  await resetState(t);
  const v = await runSetup(t, c.setup);
  const apiVersion = c.apiVersion === undefined ? DEFAULT_CLI_API_VERSION : c.apiVersion;
  const r = await runDocker(resolveDeep(c.argv, v), {
    host: t.socket,
    ...(apiVersion === null ? {} : { apiVersion }),
    ...(c.stdin === undefined ? {} : { stdin: c.stdin }),
    ...(c.configJson === undefined ? {} : { configJson: resolveDeep(c.configJson, v) }),
  });
  return normalizeCli(r, t, {
    ...(c.section ? { section: c.section } : {}),
    ...(c.unorderedLabels ? { unorderedLabels: true } : {}),
  });
}

export async function runHttpCase(t: Target, c: HttpCase): Promise<HttpResult> {
  await resetState(t);
  const v = await runSetup(t, c.setup);
  const spec = resolveDeep(c.request, v);
  const r = await rawRequest(t.socket, toRawOptions(spec));
  return normalizeHttp(r, spec, t);
}

/** What a target must produce for a case: the golden, overridden by `strata` where Strata deliberately differs. */
export function expected<R extends object>(
  golden: R,
  c: { expectDiff?: string; strata?: Partial<R> },
  kind: TargetKind,
): R {
  if (kind === 'strata' && c.expectDiff !== undefined && c.strata) return { ...golden, ...c.strata };
  return golden;
}
