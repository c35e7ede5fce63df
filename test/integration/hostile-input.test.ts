// At least 120 hostile or broken requests against a running daemon. Each must get Docker's status and
// exact text, must leave the data root, the catalog and the volume list exactly as they were (unless
// the case creates volumes, which are then checked and removed), and the daemon must keep answering.
//
//   npm run build && npx vitest run test/integration/hostile-input.test.ts
//   STRATA_HOSTILE_TARGET=dockerd npx vitest run test/integration/hostile-input.test.ts
//
// The second form runs the same table against a private dockerd 20.10 (root needed): every case whose
// expectation is Docker 20.10's (/v1.41 paths, `d20`) must pass there too; that is how the texts were checked.
import { existsSync, lstatSync, readdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDockerd, dockerdUnavailableReason } from '../helpers/dockerd.js';
import { parseRawResponse, rawBytesRequest, rawRequest, type RawResponse } from '../helpers/http.js';
import { startStrata, strataUnavailableReason } from '../helpers/strata-daemon.js';
import { ALL, BASELINE_NAMES, goJsonString, type Expect, type HostileCase } from './hostile-cases.js';
import { createCases } from './hostile-create-cases.js';
import { createMoreCases } from './hostile-create-more-cases.js';
import { filterCases, redosCase } from './hostile-filter-cases.js';
import { httpCases, nameCases, routeCases } from './hostile-route-cases.js';

const TARGET = process.env.STRATA_HOSTILE_TARGET === 'dockerd' ? 'dockerd' : 'strata';
const CASES: HostileCase[] = [
  ...createCases,
  ...createMoreCases,
  ...filterCases,
  ...nameCases,
  ...routeCases,
  ...httpCases,
  redosCase,
];
const unavailable = TARGET === 'dockerd' ? dockerdUnavailableReason() : strataUnavailableReason();

interface Target {
  socket: string;
  dataRoot: string;
  /** The temp dir holding the data root: its top-level names show escapes out of the data root. */
  dir: string;
  pid: number;
  stop(): Promise<void>;
}

let t: Target;
let baseline = '';
let anonName = '';

/** What this target must answer, or undefined when the case does not apply to it. */
function expectationFor(c: HostileCase): Expect | undefined {
  if (TARGET === 'strata') return c.expect;
  if (c.d20 === undefined || c.d20 === 'skip') return undefined;
  return c.d20 === true ? c.expect : c.d20;
}

async function api(method: string, p: string, body?: unknown): Promise<RawResponse> {
  return rawRequest(t.socket, {
    method,
    path: p,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
    timeoutMs: 150_000,
  });
}

async function volumeNames(): Promise<string[]> {
  const res = await api('GET', '/v1.41/volumes');
  const vols = (JSON.parse(res.body) as { Volumes: { Name: string }[] }).Volumes;
  return vols.map((v) => v.Name).sort();
}

/** Idempotent: named volumes are re-created as they were, a missing anonymous one is replaced. */
async function setupBaseline(): Promise<void> {
  const mk = async (body: unknown): Promise<string> => {
    const res = await api('POST', '/v1.41/volumes/create', body);
    if (res.status !== 201)
      throw new Error(`baseline create ${JSON.stringify(body)}: ${res.status} ${res.body}`);
    return (JSON.parse(res.body) as { Name: string }).Name;
  };
  await mk({ Name: 'keep-1', Labels: { a: '1', role: 'db' } });
  await mk({ Name: 'keep-2' });
  await mk({ Name: 'keep-tmp', DriverOpts: { type: 'tmpfs', device: 'tmpfs', o: 'size=1m' } });
  await mk({ Name: BASELINE_NAMES[3] });
  if (anonName === '' || !(await volumeNames()).includes(anonName)) anonName = await mk({});
  writeFileSync(path.join(t.dataRoot, 'volumes', 'keep-1', '_data', 'hello.txt'), 'hi\n');
  baseline = await snapshot();
}

/** Data root tree (paths, types, modes, file sizes), the catalog rows, and the API's view of every volume. */
async function snapshot(): Promise<string> {
  const lines: string[] = [`dir: ${readdirSync(t.dir).sort().join(' ')}`];
  const skip =
    TARGET === 'strata'
      ? // trash/ (removed volumes waiting for the background deleter) and pool/ (ready-made volume
        // directories, refilled in the background) change on their own: transient.
        (rel: string) => /^strata\.db(-wal|-shm|-journal)?$/.test(rel) || /^(trash|pool)\//.test(rel)
      : (rel: string) => rel === 'volumes/metadata.db' || rel === 'volumes/backingFsBlockDev';
  const walk = (rel: string): void => {
    for (const name of readdirSync(path.join(t.dataRoot, rel)).sort()) {
      const r = rel === '' ? name : `${rel}/${name}`;
      if (skip(r)) continue;
      const st = lstatSync(path.join(t.dataRoot, r));
      const kind = st.isDirectory() ? 'd' : st.isFile() ? 'f' : st.isSymbolicLink() ? 'l' : 'o';
      lines.push(`${kind} ${(st.mode & 0o7777).toString(8)} ${kind === 'f' ? st.size : ''} ${r}`);
      if (st.isDirectory()) walk(r);
    }
  };
  walk(TARGET === 'strata' ? '' : 'volumes');
  if (TARGET === 'strata') {
    const db = new Database(path.join(t.dataRoot, 'strata.db'), { readonly: true, fileMustExist: true });
    try {
      for (const row of db.prepare('SELECT * FROM volumes ORDER BY name').all())
        lines.push(`db ${JSON.stringify(row)}`);
      for (const row of db.prepare('SELECT volume, ref FROM volume_refs ORDER BY volume, ref').all())
        lines.push(`ref ${JSON.stringify(row)}`);
    } finally {
      db.close();
    }
  }
  const res = await api('GET', '/v1.41/volumes');
  const vols = (JSON.parse(res.body) as { Volumes: Record<string, unknown>[] }).Volumes;
  for (const v of vols.map((x) => JSON.stringify(x)).sort()) lines.push(`api ${v}`);
  return lines.join('\n');
}

async function send(c: HostileCase): Promise<RawResponse> {
  const timeoutMs = c.timeoutMs ?? 15_000;
  if (c.raw !== undefined) {
    return c.halfClose ? rawBytesRequest(t.socket, c.raw, timeoutMs) : rawKeepOpen(c.raw, timeoutMs);
  }
  const body = typeof c.body === 'function' ? c.body() : c.body;
  return rawRequest(t.socket, {
    method: c.method,
    path: c.path,
    ...(c.headers ? { headers: c.headers } : {}),
    ...(body !== undefined ? { body } : {}),
    ...(c.chunks ? { chunks: c.chunks } : {}),
    ...(c.omitContentLength ? { omitContentLength: true } : {}),
    timeoutMs,
  });
}

/**
 * Exact bytes, our side left open (Go cancels a request's context when the client half-closes), read until
 * the server closes. A write error after the server answered (it may refuse a huge header early) is fine.
 */
function rawKeepOpen(bytes: string | Buffer, timeoutMs: number): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const conn = net.connect(t.socket);
    const parts: Buffer[] = [];
    const timer = setTimeout(() => conn.destroy(new Error('raw request timed out')), timeoutMs);
    const finish = (error?: Error): void => {
      clearTimeout(timer);
      try {
        if (parts.length > 0) return resolve(parseRawResponse(Buffer.concat(parts)));
      } catch (parseError) {
        return reject(parseError as Error);
      }
      reject(error ?? new Error('connection closed without an answer'));
    };
    conn.on('connect', () => conn.write(bytes));
    conn.on('data', (c: Buffer) => parts.push(c));
    conn.on('error', (error) => finish(error));
    conn.on('close', () => finish());
  });
}

/** Docker 28 is built with Go ≥ 1.22 (\b \f in JSON); 20.10 with Go 1.19. */
function go122(c: HostileCase): boolean {
  if (TARGET === 'dockerd') return false;
  const target = c.raw !== undefined ? (String(c.raw).split(' ')[1] ?? '') : c.path;
  const m = /^\/v1\.(\d+)\//.exec(target);
  return !m || Number(m[1]) >= 42;
}

const fill = (s: string): string => s.replaceAll('{root}', t.dataRoot);

function checkResponse(c: HostileCase, e: Expect, res: RawResponse): void {
  expect.soft(res.status, 'status').toBe(e.status);
  if (e.message !== undefined) {
    const bodies = (Array.isArray(e.message) ? e.message : [e.message]).map(
      (m) => `{"message":${goJsonString(fill(m), go122(c))}}\n`,
    );
    // Any alternative matches; a mismatch is shown as a diff against the first one.
    expect.soft(bodies.includes(res.body) ? bodies[0] : res.body, 'error body').toBe(bodies[0]);
    expect.soft(res.headers['content-type'], 'error content-type').toBe('application/json');
  }
  if (e.body !== undefined) expect.soft(res.body, 'body').toBe(fill(e.body));
  if (e.contentType !== undefined)
    expect.soft(res.headers['content-type'], 'content-type').toBe(e.contentType);
  if (e.location !== undefined) expect.soft(res.headers.location, 'Location').toBe(e.location);
  if (e.json !== undefined && res.status === e.status) {
    const parsed = JSON.parse(res.body) as { Volumes?: { Name: string }[] };
    const want = e.json as { names?: string[] | string };
    if (want.names !== undefined) {
      const names = want.names === ALL ? [...BASELINE_NAMES, anonName] : (want.names as string[]);
      expect
        .soft((parsed.Volumes ?? []).map((v) => v.Name).sort(), 'listed volumes')
        .toEqual([...names].sort());
    } else {
      expect.soft(parsed, 'JSON body').toEqual(e.json);
    }
  }
}

/** Removes volumes the case left behind, restores missing baseline volumes; returns [new, missing]. */
async function settle(): Promise<[string[], string[]]> {
  const names = await volumeNames();
  const keep = new Set([...BASELINE_NAMES, anonName]);
  const extra = names.filter((n) => !keep.has(n));
  const missing = [...keep].filter((n) => !names.includes(n));
  for (const n of extra) await api('DELETE', `/v1.41/volumes/${encodeURIComponent(n)}?force=1`);
  if (missing.length > 0) await setupBaseline();
  return [extra, missing];
}

describe.skipIf(unavailable !== undefined)(
  `hostile input (${TARGET}${unavailable ? `: ${unavailable}` : ''})`,
  () => {
    beforeAll(async () => {
      if (TARGET === 'dockerd') {
        const d = await startDockerd();
        t = { socket: d.socket, dataRoot: d.dataRoot, dir: d.dir, pid: d.pid, stop: () => d.stop() };
      } else {
        const s = await startStrata();
        t = { socket: s.socket, dataRoot: s.dataRoot, dir: s.dir, pid: s.pid, stop: () => s.stop() };
      }
      await setupBaseline();
    });
    afterAll(async () => {
      await t?.stop();
    });

    it('has at least 120 cases with unique names', () => {
      expect(CASES.length).toBeGreaterThanOrEqual(120);
      expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
    });

    for (const c of CASES) {
      const e = expectationFor(c);
      const title =
        `${c.name}: ${c.raw === undefined ? `${c.method} ${c.path}` : JSON.stringify(String(c.raw).split('\r\n')[0])}`.slice(
          0,
          140,
        );
      it.skipIf(e === undefined)(title, { timeout: (c.timeoutMs ?? 15_000) + 180_000 }, async () => {
        if (e === undefined) return;
        for (const body of c.setup ?? []) {
          const r = await api('POST', '/v1.41/volumes/create', body);
          if (r.status !== 201)
            throw new Error(`setup ${JSON.stringify(body).slice(0, 80)}: ${r.status} ${r.body}`);
        }
        let res: RawResponse;
        try {
          res = await send(c);
        } catch (error) {
          res = {
            status: 0,
            headers: {},
            body: `no answer: ${(error as Error).message}`,
            bodyBytes: Buffer.alloc(0),
          };
        }
        const after = await snapshot();
        const [extra, missing] = await settle();
        const final = await snapshot();
        const ping = await rawRequest(t.socket, { method: 'GET', path: '/_ping', timeoutMs: 150_000 }).catch(
          (error: Error) => ({
            status: 0,
            body: error.message,
          }),
        );

        checkResponse(c, e, res);
        expect.soft(missing, 'baseline volumes removed by the request').toEqual([]);
        if (e.creates !== undefined) {
          const got = extra.map((n) => (/^[0-9a-f]{64}$/.test(n) ? '<anon>' : n)).sort();
          expect.soft(got, 'volumes created').toEqual([...e.creates].sort());
          expect.soft(final, 'state after removing the created volumes').toBe(baseline);
        } else {
          expect.soft(extra, 'volumes created').toEqual([]);
          expect.soft(after, 'data root, catalog and volume list unchanged').toBe(baseline);
        }
        // One failure must not cascade: the next case compares against the state it starts from.
        baseline = final;
        expect({ status: ping.status, body: ping.body }, 'GET /_ping afterwards').toEqual({
          status: 200,
          body: 'OK',
        });
      });
    }

    it('the daemon stayed up for the whole table', () => {
      expect(existsSync(t.socket)).toBe(true);
      expect(() => process.kill(t.pid, 0)).not.toThrow();
    });
  },
);
