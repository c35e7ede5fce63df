import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineClient } from '../../src/client/engine-client.js';
import type { Volume } from '../../src/types/index.js';
import { containerE2eSkipReason, startBusyboxDaemon, type BusyboxDaemon } from '../helpers/containers.js';
import { rawRequest } from '../helpers/http.js';
import { runStrata } from '../helpers/strata-cli.js';

// Who uses a volume (Strata's own, issue 5): `?size=1` on volume inspect and list adds the referencing
// containers and the last mount/unmount times; Docker clients, which never send it, get Docker's bytes.
// `used-by` filters the list by container. Real containers, a real daemon, a restart.

const skip = containerE2eSkipReason();
const rfc3339NanoUtc = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/;
const dockerKeys = ['CreatedAt', 'Driver', 'Labels', 'Mountpoint', 'Name', 'Options', 'Scope'];

describe.skipIf(skip !== undefined)(`volume used-by${skip ? ` — skipped: ${skip}` : ''}`, () => {
  let b: BusyboxDaemon;
  let c: EngineClient;
  let webId = '';
  let doneId = '';
  beforeAll(async () => {
    b = await startBusyboxDaemon('strata-used-by-');
    c = new EngineClient({ host: `unix://${b.d.socket}` });
    await b.ok(['volume', 'create', 'shared']);
    await b.ok(['volume', 'create', 'other']);
    webId = await b.ok(['run', '-d', '--name', 'web', '-v', 'shared:/data', 'busybox:local', 'sleep', '600']);
    await b.ok(['run', '--name', 'done', '-v', 'shared:/data', '-v', 'other:/o', 'busybox:local', 'true']);
    doneId = await b.ok(['inspect', '-f', '{{.Id}}', 'done']);
  }, 120_000);
  afterAll(async () => {
    await b?.docker(['rm', '-f', 'web', 'done']);
    await b?.close();
  });

  const inspectSized = (name: string) => c.inspectVolume(name, { usage: true });
  /** Without the size fields, which a count in the background may renew between two calls. */
  const usersOf = async (name: string) => {
    const { UsageData: _u, SizeMeasuredAt: _m, SizeEstimated: _e, ...rest } = await inspectSized(name);
    return rest;
  };

  it('lists the referencing containers by name with their running state, and mount times', async () => {
    const v = await inspectSized('shared');
    expect(v.UsedBy).toEqual([
      { Id: doneId, Name: 'done', Running: false },
      { Id: webId, Name: 'web', Running: true },
    ]);
    expect(v.LastMounted).toMatch(rfc3339NanoUtc);
    expect(v.LastUnmounted).toMatch(rfc3339NanoUtc);
    expect(Object.keys(v)).toEqual([
      ...dockerKeys,
      'UsageData',
      'UsedBy',
      'LastMounted',
      'LastUnmounted',
      'SizeMeasuredAt',
      'SizeEstimated',
    ]);
    const listed = (await c.listVolumes(undefined, { usage: true })).Volumes.find((x) => x.Name === 'shared');
    expect({ ...listed, SizeMeasuredAt: '', UsageData: null }).toEqual({
      ...v,
      SizeMeasuredAt: '',
      UsageData: null,
    });
  });

  it('gives Docker clients Docker’s bytes: nothing new without size=1', async () => {
    const plain = await rawRequest(b.d.socket, { method: 'GET', path: '/v1.47/volumes/shared' });
    expect(Object.keys(JSON.parse(plain.body) as object)).toEqual(dockerKeys);
    const list = await rawRequest(b.d.socket, { method: 'GET', path: '/v1.47/volumes' });
    expect(list.body).not.toContain('UsedBy');
    expect(list.body).not.toContain('LastMounted');
    const docker = JSON.parse(await b.ok(['volume', 'inspect', 'shared'])) as Volume[];
    expect(docker).toEqual([JSON.parse(plain.body)]);
    const sized = await rawRequest(b.d.socket, { method: 'GET', path: '/v1.47/volumes/shared?size=1' });
    expect(sized.body.startsWith(plain.body.trimEnd().slice(0, -1))).toBe(true);
  });

  it('records the mount and unmount of a docker run --rm, and no user after it', async () => {
    const before = Date.now() - 1000;
    await b.ok(['run', '--rm', '-v', 'fresh:/d', 'busybox:local', 'true']);
    const v = await inspectSized('fresh');
    expect(v.UsedBy).toEqual([]);
    const mounted = Date.parse(v.LastMounted ?? '');
    const unmounted = Date.parse(v.LastUnmounted ?? '');
    expect(mounted).toBeGreaterThanOrEqual(before);
    expect(unmounted).toBeGreaterThanOrEqual(mounted);
    const never = await c.createVolume({ Name: 'never' });
    expect(await inspectSized(never.Name)).toMatchObject({ UsedBy: [], LastMounted: '', LastUnmounted: '' });
  });

  it('shows the fields in strata volume inspect, and docker’s shape for an unused volume', async () => {
    const run = await runStrata(b.d, ['volume', 'inspect', 'shared']);
    expect(run.code).toBe(0);
    const [shown] = JSON.parse(run.stdout) as Volume[];
    expect(shown?.UsedBy?.map((u) => u.Name)).toEqual(['done', 'web']);
    expect(shown?.LastMounted).toMatch(rfc3339NanoUtc);
    const never = await runStrata(b.d, ['volume', 'inspect', 'never']);
    expect(never.stdout).toBe((await b.docker(['volume', 'inspect', 'never'])).stdout);
    const json = ['volume', 'inspect', '-f', '{{json .}}', 'never'];
    expect((await runStrata(b.d, json)).stdout).toBe((await b.docker(json)).stdout);
    const tpl = await runStrata(b.d, [
      'volume',
      'inspect',
      '-f',
      '{{range .UsedBy}}{{.Name}} {{end}}',
      'shared',
    ]);
    expect(tpl.stdout).toBe('done web \n');
  });

  it('filters the list by used-by: name, id, id prefix; an unknown container matches nothing', async () => {
    const names = async (value: string) =>
      (await c.listVolumes({ 'used-by': [value] })).Volumes.map((v) => v.Name).sort();
    expect(await names('web')).toEqual(['shared']);
    expect(await names('/done')).toEqual(['other', 'shared']);
    expect(await names(webId)).toEqual(['shared']);
    expect(await names(doneId.slice(0, 12))).toEqual(['other', 'shared']);
    expect(await names('nosuch')).toEqual([]);
    expect(await b.ok(['volume', 'ls', '-q', '--filter', 'used-by=web'])).toBe('shared');
    const bad = await b.docker(['volume', 'ls', '--filter', 'used-bye=web']);
    expect(bad).toMatchObject({ code: 1, stderr: expect.stringContaining("invalid filter 'used-bye'") });
  });

  it('keeps users and times across a daemon restart', async () => {
    const before = await usersOf('shared');
    const fresh = await usersOf('fresh');
    await b.d.restart();
    expect(await usersOf('shared')).toEqual(before);
    expect(await usersOf('fresh')).toEqual(fresh);
    await b.ok(['stop', '-t', '0', 'web']);
    const after = await inspectSized('shared');
    expect(after.UsedBy?.map((u) => [u.Name, u.Running])).toEqual([
      ['done', false],
      ['web', false],
    ]);
    expect(after.LastMounted).toBe(before.LastMounted);
    expect(Date.parse(after.LastUnmounted ?? '')).toBeGreaterThan(Date.parse(before.LastUnmounted ?? ''));
  }, 60_000);
});
