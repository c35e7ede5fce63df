// dockerode@4 (docker-modem) as a second, independent client of Strata's Engine API: create, list with
// every filter, inspect, remove, prune, df, events, ping, version, info. The shapes asserted are Docker's
// (moby v28.2.2 api/types, ../shared/spec/docker-volumes.md §1), key order included, checked on the raw
// HTTP text as well, since JSON.parse keeps the order the daemon wrote.
//
//   npm run build && npx vitest run test/integration/dockerode.test.ts
import { linkSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rawRequest, type RawResponse } from '../helpers/http.js';
import { startStrata, strataUnavailableReason, type StrataDaemon } from '../helpers/strata-daemon.js';

const VOLUME_KEYS = ['CreatedAt', 'Driver', 'Labels', 'Mountpoint', 'Name', 'Options', 'Scope'];
const ANON = { 'com.docker.volume.anonymous': '' };
const HEX64 = /^[0-9a-f]{64}$/;
const RFC3339_SECONDS_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

interface Vol {
  CreatedAt: string;
  Driver: string;
  Labels: Record<string, string> | null;
  Mountpoint: string;
  Name: string;
  Options: Record<string, string> | null;
  Scope: string;
  UsageData?: { RefCount: number; Size: number };
}
interface ModemError extends Error {
  statusCode?: number;
  json?: { message?: string } | null;
}

let d: StrataDaemon;
let docker: Docker;
let docker41: Docker;

const raw = (method: string, p: string, body?: unknown): Promise<RawResponse> =>
  rawRequest(d.socket, {
    method,
    path: p,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
  });
const mountpoint = (name: string): string => path.join(d.dataRoot, 'volumes', name, '_data');
const inspectVol = async (name: string): Promise<Vol> =>
  (await docker.getVolume(name).inspect()) as unknown as Vol;
const createAnon = async (client = docker): Promise<string> =>
  ((await client.createVolume({})) as unknown as Docker.Volume).name;
const noSuch = (n: string): { status: number; message: string } => ({
  status: 404,
  message: `get ${n}: no such volume`,
});
const names = (vols: { Name: string }[] | null | undefined): string[] =>
  (vols ?? []).map((v) => v.Name).sort();

/** The Volume object as Docker 28 writes it: Go field order, sorted map keys, nothing else. */
function expectVolume(
  v: Vol,
  name: string,
  labels: Record<string, string> | null,
  options: Record<string, string> | null,
): void {
  expect(Object.keys(v)).toEqual(VOLUME_KEYS);
  expect(v.CreatedAt).toMatch(RFC3339_SECONDS_UTC);
  expect(v).toEqual({
    CreatedAt: v.CreatedAt,
    Driver: 'local',
    Labels: labels,
    Mountpoint: mountpoint(name),
    Name: name,
    Options: options,
    Scope: 'local',
  });
  for (const m of [v.Labels, v.Options]) if (m) expect(Object.keys(m)).toEqual(Object.keys(m).sort());
}

/** What the promise rejected with (dockerode/docker-modem errors carry statusCode and the parsed body). */
async function failure(
  p: Promise<unknown>,
): Promise<{ status: number | undefined; message: string | undefined }> {
  try {
    await p;
  } catch (error) {
    const e = error as ModemError;
    return { status: e.statusCode, message: e.json?.message };
  }
  throw new Error('expected the call to fail');
}

async function removeAll(): Promise<void> {
  const list = (await docker.listVolumes()) as unknown as { Volumes: Vol[] | null };
  for (const v of list.Volumes ?? []) await docker.getVolume(v.Name).remove({ force: true });
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let out = '';
  for await (const chunk of stream)
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  return out;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const reason = strataUnavailableReason();

describe.skipIf(reason !== undefined)(`dockerode as a second client${reason ? ` (${reason})` : ''}`, () => {
  beforeAll(async () => {
    d = await startStrata();
    docker = new Docker({ socketPath: d.socket });
    docker41 = new Docker({ socketPath: d.socket, version: 'v1.41' });
  });
  afterAll(async () => {
    await d?.stop();
  });
  beforeEach(async () => {
    await removeAll();
  });

  it('ping answers OK with the headers the docker CLI reads', async () => {
    expect(String(await docker.ping())).toBe('OK');
    const get = await raw('GET', '/_ping');
    expect(get.headers).toMatchObject({
      'api-version': '1.50',
      'docker-experimental': 'false',
      ostype: 'linux',
      'cache-control': 'no-cache, no-store, must-revalidate',
      pragma: 'no-cache',
      swarm: 'inactive',
      'content-type': 'text/plain; charset=utf-8',
    });
    const head = await raw('HEAD', '/_ping');
    expect([head.status, head.body, head.headers['content-length']]).toEqual([200, '', '0']);
  });

  it('version has types.Version field order and the server API range, whatever the request version', async () => {
    const v = (await docker.version()) as unknown as Record<string, unknown>;
    const order =
      'Platform Components Version ApiVersion MinAPIVersion GitCommit GoVersion Os Arch KernelVersion Experimental BuildTime'.split(
        ' ',
      );
    const keys = Object.keys(JSON.parse((await raw('GET', '/version')).body) as object);
    expect(keys).toEqual(order.filter((k) => keys.includes(k)));
    expect(keys).toEqual(expect.arrayContaining(order.slice(0, 9)));
    // omitempty (api/types/types.go:59-61): present only when non-empty / true
    for (const k of ['KernelVersion', 'BuildTime']) if (k in v) expect(v[k], k).not.toBe('');
    if ('Experimental' in v) expect(v.Experimental).toBe(true);
    expect(v).toMatchObject({
      ApiVersion: '1.50',
      MinAPIVersion: '1.24',
      Os: 'linux',
      Arch: os.arch() === 'x64' ? 'amd64' : os.arch(),
    });
    const engine = (v.Components as { Name: string; Version: string; Details: Record<string, string> }[])[0];
    expect(engine?.Name).toBe('Engine');
    expect(engine?.Version).toBe(v.Version);
    expect(engine?.Details).toMatchObject({ ApiVersion: '1.50', MinAPIVersion: '1.24', Os: 'linux' });
    expect(Object.keys(engine?.Details ?? {})).toEqual(Object.keys(engine?.Details ?? {}).sort());
    expect(((await docker41.version()) as unknown as Record<string, unknown>).ApiVersion).toBe('1.50');
  });

  it('info has system.Info fields in Go order and this host’s facts', async () => {
    const info = (await docker.info()) as Record<string, unknown>;
    // Non-omitempty fields of moby@v28.2.2 api/types/system/info.go, in declaration order.
    const always = [
      'ID Containers ContainersRunning ContainersPaused ContainersStopped Images Driver ',
      'DriverStatus Plugins MemoryLimit SwapLimit CpuCfsPeriod CpuCfsQuota CPUShares CPUSet ',
      'PidsLimit IPv4Forwarding Debug NFd OomKillDisable NGoroutines SystemTime LoggingDriver ',
      'CgroupDriver NEventsListener KernelVersion OperatingSystem OSVersion OSType Architecture ',
      'IndexServerAddress RegistryConfig NCPU MemTotal GenericResources DockerRootDir HttpProxy ',
      'HttpsProxy NoProxy Name Labels ExperimentalBuild ServerVersion Runtimes DefaultRuntime Swarm ',
      'LiveRestoreEnabled Isolation InitBinary ContainerdCommit RuncCommit InitCommit ',
      'SecurityOptions CDISpecDirs Warnings',
    ]
      .join('')
      .split(' ');
    const keys = Object.keys(JSON.parse((await raw('GET', '/info')).body) as object);
    expect(keys.filter((k) => always.includes(k))).toEqual(always);
    expect(info).toMatchObject({
      OSType: 'linux',
      Architecture: os.machine(),
      NCPU: os.cpus().length,
      MemTotal: os.totalmem(),
      DockerRootDir: d.dataRoot,
      Name: os.hostname(),
      KernelVersion: os.release(),
      Containers: 0,
      Images: 0,
    });
    expect((info.Plugins as { Volume: string[] }).Volume).toContain('local');
    expect(Number.isNaN(Date.parse(String(info.SystemTime)))).toBe(false);
    expect(info.ServerVersion).toBe(((await docker.version()) as unknown as { Version: string }).Version);
  });

  it('creates named, anonymous, labelled and tmpfs-option volumes', async () => {
    const created = (await docker.createVolume({ Name: 'dv-named' })) as unknown as Docker.Volume;
    expect(created.name).toBe('dv-named');
    expectVolume((await created.inspect()) as unknown as Vol, 'dv-named', null, null);

    const anon = (await docker.createVolume()) as unknown as Docker.Volume;
    expect(anon.name).toMatch(HEX64);
    expectVolume((await anon.inspect()) as unknown as Vol, anon.name, ANON, null);
    const anon41 = (await docker41.createVolume({})) as unknown as Docker.Volume;
    expectVolume((await anon41.inspect()) as unknown as Vol, anon41.name, null, null);

    await docker.createVolume({ Name: 'dv-labels', Labels: { z: '1', a: '2', 'com.example.team': 'infra' } });
    const opts = { type: 'tmpfs', device: 'tmpfs', o: 'size=1m,uid=1000' };
    await docker.createVolume({ Name: 'dv-tmpfs', Driver: 'local', DriverOpts: opts, Labels: { b: 'x' } });
    await docker.createVolume({ Name: 'dv-empty', Labels: {}, DriverOpts: {} });
    expectVolume(
      await inspectVol('dv-labels'),
      'dv-labels',
      { a: '2', 'com.example.team': 'infra', z: '1' },
      null,
    );
    expectVolume(
      await inspectVol('dv-tmpfs'),
      'dv-tmpfs',
      { b: 'x' },
      { device: 'tmpfs', o: 'size=1m,uid=1000', type: 'tmpfs' },
    );
    expectVolume(await inspectVol('dv-empty'), 'dv-empty', {}, {});

    // The raw create answer: 201, Go field order, sorted maps, trailing newline, bare application/json.
    const res = await raw('POST', '/volumes/create', {
      Name: 'dv-raw',
      Labels: { z: '1', a: '<&>' },
      DriverOpts: { type: 'tmpfs', device: 'tmpfs' },
    });
    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toBe('application/json');
    const v = JSON.parse(res.body) as Vol;
    expect(res.body).toBe(
      `{"CreatedAt":"${v.CreatedAt}","Driver":"local","Labels":{"a":"<&>","z":"1"},"Mountpoint":${JSON.stringify(mountpoint('dv-raw'))},"Name":"dv-raw","Options":{"device":"tmpfs","type":"tmpfs"},"Scope":"local"}\n`,
    );
    // Re-creating returns the existing volume unchanged (labels/options ignored).
    await docker.createVolume({ Name: 'dv-labels', Labels: { other: 'y' } });
    expect((await inspectVol('dv-labels')).Labels).toEqual({
      a: '2',
      'com.example.team': 'infra',
      z: '1',
    });
    const bad = await failure(docker.createVolume({ Name: 'dv/bad' }));
    expect(bad).toEqual({
      status: 400,
      message:
        'create dv/bad: "dv/bad" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path',
    });
  });

  it('lists with each filter, in both filter encodings', async () => {
    await docker.createVolume({ Name: 'fl-a', Labels: { a: '1', role: 'db' } });
    await docker.createVolume({ Name: 'fl-b', Labels: { a: '2' } });
    await docker.createVolume({ Name: 'other' });
    const anon = await createAnon();
    const ls = async (filters?: unknown): Promise<string[]> => {
      const res = (await docker.listVolumes(
        filters === undefined ? {} : { filters: filters as { [k: string]: string[] } },
      )) as { Volumes: Vol[]; Warnings: unknown };
      expect(res.Warnings).toBeNull();
      return names(res.Volumes);
    };
    expect(await ls()).toEqual([anon, 'fl-a', 'fl-b', 'other'].sort());
    expect(await ls({ name: ['fl-'] })).toEqual(['fl-a', 'fl-b']);
    expect(await ls({ name: { '^fl-a$': true } })).toEqual(['fl-a']);
    expect(await ls({ name: ['fl-b', 'oth'] })).toEqual(['fl-b', 'other']);
    expect(await ls({ name: ['('] })).toEqual([]);
    expect(await ls({ driver: ['local'] })).toEqual([anon, 'fl-a', 'fl-b', 'other'].sort());
    expect(await ls({ driver: ['loca'] })).toEqual([]);
    expect(await ls({ label: ['a'] })).toEqual(['fl-a', 'fl-b']);
    expect(await ls({ label: ['a=1'] })).toEqual(['fl-a']);
    expect(await ls({ label: ['a', 'role=db'] })).toEqual(['fl-a']);
    expect(await ls({ label: ['a:1'] })).toEqual([]);
    expect(await ls({ label: ['com.docker.volume.anonymous'] })).toEqual([anon]);
    expect(await ls({ dangling: ['true'] })).toEqual([anon, 'fl-a', 'fl-b', 'other'].sort());
    expect(await ls({ dangling: { 0: true } })).toEqual([]);
    expect(await ls({ name: ['fl'], label: ['a=2'], dangling: ['1'] })).toEqual(['fl-b']);
    expect(await failure(ls({ foo: ['x'] }))).toEqual({ status: 400, message: "invalid filter 'foo'" });
    expect(await failure(ls({ dangling: ['maybe'] }))).toEqual({
      status: 400,
      message: "invalid filter 'dangling=[maybe]'",
    });
    expect(await failure(docker41.listVolumes({ filters: { 'label!': ['a'] } }))).toEqual({
      status: 400,
      message: "Invalid filter 'label!'",
    });
    const body = (await raw('GET', `/volumes?filters=${encodeURIComponent('{"name":{"other":true}}')}`)).body;
    const v = (JSON.parse(body) as { Volumes: Vol[] }).Volumes[0];
    expect(body).toBe(
      `{"Volumes":[{"CreatedAt":"${v?.CreatedAt}","Driver":"local","Labels":null,"Mountpoint":${JSON.stringify(mountpoint('other'))},"Name":"other","Options":null,"Scope":"local"}],"Warnings":null}\n`,
    );
    expect((await raw('GET', `/volumes?filters=${encodeURIComponent('{"name":{"none":true}}')}`)).body).toBe(
      '{"Volumes":[],"Warnings":null}\n',
    );
  });

  it('inspects and removes; missing volumes answer 404 with Docker’s text, force=1 on a missing one is 204', async () => {
    await docker.createVolume({ Name: 'rm-me', Labels: { k: 'v' } });
    const inspected = await inspectVol('rm-me');
    const res = await raw('GET', '/volumes/rm-me');
    expect(res.body).toBe(`${JSON.stringify(inspected)}\n`);
    expect(res.headers['content-type']).toBe('application/json');
    await docker.getVolume('rm-me').remove();
    expect(await failure(docker.getVolume('rm-me').inspect())).toEqual(noSuch('rm-me'));
    expect(await failure(docker.getVolume('rm-me').remove())).toEqual(noSuch('rm-me'));
    // dockerode 4.0.12 drops Volume.remove options (its path has no '?', docker-modem then skips the
    // query), so `force` never reaches the daemon and Docker answers 404 as well; force is checked raw.
    expect(await failure(docker.getVolume('rm-me').remove({ force: true }))).toEqual(noSuch('rm-me'));
    const del = await raw('DELETE', '/volumes/rm-me?force=1');
    expect([del.status, del.body]).toEqual([204, '']);
    expect(await failure(docker41.getVolume('no-such').remove())).toEqual(noSuch('no-such'));
  });

  it('prunes anonymous volumes by default, everything unused with all=true, and honours label filters', async () => {
    const anon = await createAnon();
    writeFileSync(path.join(mountpoint(anon), 'f'), 'hello');
    const anon41 = await createAnon(docker41);
    await docker.createVolume({ Name: 'pr-a', Labels: { team: 'x' } });
    await docker.createVolume({ Name: 'pr-b' });
    await docker.createVolume({ Name: 'pr-tmp', DriverOpts: { type: 'tmpfs', device: 'tmpfs' } });

    const res = await raw('POST', '/volumes/prune');
    expect(res.body).toBe(`{"VolumesDeleted":["${anon}"],"SpaceReclaimed":5}\n`);
    expect(await docker.pruneVolumes()).toEqual({ VolumesDeleted: [], SpaceReclaimed: 0 });
    expect(await docker.pruneVolumes({ filters: { label: ['team=x'] } })).toEqual({
      VolumesDeleted: [],
      SpaceReclaimed: 0,
    });
    expect(await docker.pruneVolumes({ filters: { label: ['team=x'], all: ['true'] } })).toEqual({
      VolumesDeleted: ['pr-a'],
      SpaceReclaimed: 0,
    });
    const rest = await docker.pruneVolumes({ filters: { all: ['1'], 'label!': ['nothing'] } });
    expect([...rest.VolumesDeleted].sort()).toEqual([anon41, 'pr-b'].sort());
    expect(names(((await docker.listVolumes()) as unknown as { Volumes: Vol[] }).Volumes)).toEqual([
      'pr-tmp',
    ]);
    expect(await failure(docker.pruneVolumes({ filters: { all: ['maybe'] } }))).toEqual({
      status: 400,
      message: 'invalid filter \'all\': strconv.ParseBool: parsing "maybe": invalid syntax',
    });
    expect(await failure(docker41.pruneVolumes({ filters: { all: ['true'] } }))).toEqual({
      status: 400,
      message: "Invalid filter 'all'",
    });
    // API 1.41: every unused local volume without options, named ones too.
    await docker.createVolume({ Name: 'pr-named' });
    const anonAgain = await createAnon();
    expect([...(await docker41.pruneVolumes()).VolumesDeleted].sort()).toEqual(
      [anonAgain, 'pr-named'].sort(),
    );
  });

  it('df lists local volumes without options, with UsageData last and apparent sizes', async () => {
    await docker.createVolume({ Name: 'df-a' });
    await docker.createVolume({ Name: 'df-tmp', DriverOpts: { type: 'tmpfs', device: 'tmpfs' } });
    const dir = mountpoint('df-a');
    writeFileSync(path.join(dir, 'hello'), 'hello');
    mkdirSync(path.join(dir, 'sub'));
    writeFileSync(path.join(dir, 'sub', 'x'), 'x');
    writeFileSync(path.join(dir, 'empty'), '');
    linkSync(path.join(dir, 'hello'), path.join(dir, 'hardlink'));
    const df = (await docker.df()) as { Volumes: Vol[] };
    expect(names(df.Volumes)).toEqual(['df-a']);
    const v = df.Volumes[0] as Vol;
    expect(Object.keys(v)).toEqual([...VOLUME_KEYS, 'UsageData']);
    expect(v.UsageData).toEqual({ RefCount: 0, Size: 6 });
    const body = (await raw('GET', '/system/df')).body;
    expect(Object.keys(JSON.parse(body) as object)).toEqual([
      'LayersSize',
      'Images',
      'Containers',
      'Volumes',
      'BuildCache',
    ]);
    expect(body).toContain(
      `"Name":"df-a","Options":null,"Scope":"local","UsageData":{"RefCount":0,"Size":6}}`,
    );
    const typed = JSON.parse((await raw('GET', '/system/df?type=volume')).body) as Record<string, unknown>;
    expect([typed.Images, typed.Containers, typed.BuildCache, names(typed.Volumes as Vol[])]).toEqual([
      null,
      null,
      null,
      ['df-a'],
    ]);
  });

  it('events since/until carry create, destroy and prune in order, in Docker’s event shape', async () => {
    await sleep(1100); // nothing from earlier tests in the window
    const since = Math.floor(Date.now() / 1000);
    await docker.createVolume({ Name: 'ev-1' });
    await docker.createVolume({ Name: 'ev-1' }); // exists: no second create event (v23+)
    await docker.getVolume('ev-1').remove();
    const anon = await createAnon();
    await docker.pruneVolumes();
    await sleep(50);
    const until = Date.now() / 1000;
    const text = await readAll(await docker.getEvents({ since, until, filters: { type: ['volume'] } }));
    const lines = text.split('\n').filter((l) => l !== '');
    const events = lines.map(
      (l) =>
        JSON.parse(l) as {
          Type: string;
          Action: string;
          Actor: { ID: string; Attributes: Record<string, string> };
          scope: string;
          time: number;
          timeNano: number;
        },
    );
    expect(events.map((e) => [e.Action, e.Actor.ID, e.Actor.Attributes])).toEqual([
      ['create', 'ev-1', { driver: 'local' }],
      ['destroy', 'ev-1', { driver: 'local' }],
      ['create', anon, { driver: 'local' }],
      ['destroy', anon, { driver: 'local' }],
      ['prune', '', { reclaimed: '0' }],
    ]);
    for (const [i, e] of events.entries()) {
      expect(Object.keys(e)).toEqual(['Type', 'Action', 'Actor', 'scope', 'time', 'timeNano']);
      expect(Object.keys(e.Actor)).toEqual(['ID', 'Attributes']);
      expect([e.Type, e.scope, e.time]).toEqual(['volume', 'local', Math.floor(e.timeNano / 1e9)]);
      expect(e.time).toBeGreaterThanOrEqual(since);
      expect(e.timeNano / 1e9).toBeLessThanOrEqual(until);
      // timeNano is an int64 beyond 2^53: compare the rest as parsed, and its digits as sent.
      const nano = /"timeNano":(\d+)\}$/.exec(lines[i] ?? '')?.[1] ?? '';
      expect(BigInt(nano) / 1_000_000_000n).toBe(BigInt(e.time));
      expect(lines[i]).toBe(
        JSON.stringify({ ...e, timeNano: 0 }).replace('"timeNano":0}', `"timeNano":${nano}}`),
      );
    }
    const only = async (filters: { [k: string]: string[] }): Promise<string[]> =>
      (await readAll(await docker.getEvents({ since, until, filters })))
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => (JSON.parse(l) as { Action: string }).Action);
    expect(await only({ volume: ['ev-1'] })).toEqual(['create', 'destroy']);
    expect(await only({ event: ['prune'] })).toEqual(['prune']);
    expect(await only({ type: ['container'] })).toEqual([]);
  });
});
