import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineClient } from '../../src/client/engine-client.js';
import type { EventMessage } from '../../src/types/index.js';
import { containerE2eSkipReason, startBusyboxDaemon, type BusyboxDaemon } from '../helpers/containers.js';
import { dockerCliAvailable, runDocker } from '../helpers/docker-cli.js';
import {
  STRATA_BIN,
  startStrata,
  strataUnavailableReason,
  type StrataDaemon,
} from '../helpers/strata-daemon.js';

// Strata's safe prune against a real daemon: `--dry-run` / `?dryrun=1` lists exactly what a prune then
// removes and removes nothing; `until` with durations and timestamps; the `strata.protect=true` label
// survives every prune (docker CLI and strata CLI); a volume a container refers to is never listed.

const skip = strataUnavailableReason();
const containerSkip = skip ?? containerE2eSkipReason();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function strata(socket: string, args: string[]): { stdout: string; stderr: string; code: number } {
  const r = spawnSync(process.execPath, [STRATA_BIN, '-H', `unix://${socket}`, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
}

const names = async (c: EngineClient): Promise<string[]> =>
  (await c.listVolumes()).Volumes.map((v) => v.Name).sort();

/** The volume prune and destroy events of the daemon from `since` (unix seconds) up to now. */
async function volumeEvents(c: EngineClient, since: string): Promise<string[]> {
  const out: EventMessage[] = [];
  const until = String(Math.floor(Date.now() / 1000));
  await c.events({ since, until, filters: { type: ['volume'], event: ['prune', 'destroy'] } }, (e) => out.push(e));
  return out.map((e) => `${e.Action} ${e.Actor.ID}`);
}

describe.skipIf(skip !== undefined)(`safe volume prune${skip ? ` — skipped: ${skip}` : ''}`, () => {
  let d: StrataDaemon;
  let c: EngineClient;
  beforeAll(async () => {
    d = await startStrata();
    c = new EngineClient({ host: `unix://${d.socket}` });
  });
  afterAll(async () => {
    await d?.stop();
  });

  it('dry run lists exactly what prune then removes, with sizes, removing nothing, emitting nothing', async () => {
    const anon = await c.createVolume({});
    const named = await c.createVolume({ Name: 'dry-named' });
    await c.createVolume({ Name: 'dry-kept', Labels: { 'strata.protect': 'true' } });
    await c.createVolume({ Name: 'dry-opts', DriverOpts: { type: 'tmpfs', device: 'tmpfs', o: 'size=1m' } });
    writeFileSync(join(anon.Mountpoint, 'f'), 'abc');
    writeFileSync(join(named.Mountpoint, 'g'), 'hello');
    const before = await names(c);
    const since = String(Math.floor(Date.now() / 1000) - 1);

    const dryAnon = await c.pruneVolumes({}, { dryRun: true });
    expect(dryAnon).toEqual({
      VolumesDeleted: [anon.Name],
      SpaceReclaimed: 3,
      VolumeSizes: { [anon.Name]: 3 },
    });
    const dry = await c.pruneVolumes({ all: ['true'] }, { dryRun: true });
    expect([...dry.VolumesDeleted].sort()).toEqual([anon.Name, 'dry-named'].sort());
    expect(dry.SpaceReclaimed).toBe(8);
    expect(dry.VolumeSizes).toEqual({ [anon.Name]: 3, 'dry-named': 5 });

    const cli = strata(d.socket, ['volume', 'prune', '--dry-run', '-a']);
    expect(cli.code).toBe(0);
    expect(cli.stderr).toBe('');
    expect(cli.stdout).toMatch(/^Would delete volumes:\n/);
    expect(cli.stdout).toMatch(/\ndry-named +5B\n/);
    expect(cli.stdout).toMatch(/\n\nTotal reclaimable space: 8B\n$/);
    expect(strata(d.socket, ['volume', 'prune', '--dry-run', '-a', '-q']).stdout.split('\n').sort()).toEqual(
      ['', ...dry.VolumesDeleted].sort(),
    );
    const json = JSON.parse(
      strata(d.socket, ['volume', 'prune', '--dry-run', '-a', '--format', 'json']).stdout,
    );
    expect(json).toEqual(dry);

    expect(await names(c)).toEqual(before);
    expect(await volumeEvents(c, since)).toEqual([]);

    const real = await c.pruneVolumes({ all: ['true'] });
    expect(real).toEqual({ VolumesDeleted: dry.VolumesDeleted, SpaceReclaimed: dry.SpaceReclaimed });
    expect(await names(c)).toEqual(['dry-kept', 'dry-opts']);
    await c.removeVolume('dry-kept'); // rm is explicit: the protect label does not stop it
    await c.removeVolume('dry-opts');
  });

  it('until takes durations, RFC 3339 times and unix seconds, inclusive', async () => {
    const early = await c.createVolume({ Name: 'until-early' });
    const created = early.CreatedAt ?? '';
    await sleep(3500);
    await c.createVolume({ Name: 'until-late' });
    const dry = async (until: string) =>
      (await c.pruneVolumes({ all: ['true'], until: [until] }, { dryRun: true })).VolumesDeleted.sort();
    expect(await dry('2s')).toEqual(['until-early']);
    expect(await dry('1h')).toEqual([]);
    expect(await dry('0s')).toEqual(['until-early', 'until-late']);
    expect(await dry(created)).toEqual(['until-early']);
    expect(await dry(String(Date.parse(created) / 1000))).toEqual(['until-early']);
    // The docker CLI passes the filter through; at API 1.41 the daemon prunes every unused volume.
    if (dockerCliAvailable()) {
      const docker = await runDocker(['volume', 'prune', '-f', '--filter', `until=${created}`], {
        host: d.socket,
        apiVersion: '1.41',
      });
      expect(docker).toEqual({
        stdout: 'Deleted Volumes:\nuntil-early\n\nTotal reclaimed space: 0B\n',
        stderr: '',
        code: 0,
      });
    }
    const bad = strata(d.socket, ['volume', 'prune', '-f', '--filter', 'until=soon']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^Error response from daemon: .*soon/);
    await c.pruneVolumes({ all: ['true'] });
    expect(await names(c)).toEqual([]);
  });

  it.skipIf(!dockerCliAvailable())(
    'a protected volume survives docker volume prune -af and strata prune',
    async () => {
      await c.createVolume({ Name: 'precious', Labels: { 'strata.protect': 'true' } });
      await c.createVolume({ Name: 'junk' });
      await c.createVolume({});
      const docker = await runDocker(['volume', 'prune', '-af'], { host: d.socket });
      expect(docker.code).toBe(0);
      expect(docker.stdout).not.toContain('precious');
      expect(await names(c)).toEqual(['precious']);
      for (const apiVersion of ['1.41', '1.25']) {
        expect((await runDocker(['volume', 'prune', '-f'], { host: d.socket, apiVersion })).code).toBe(0);
      }
      const sys = await runDocker(['system', 'prune', '-af', '--volumes'], { host: d.socket });
      expect(sys.stdout).not.toContain('precious');
      expect(strata(d.socket, ['volume', 'prune', '-a', '-f']).code).toBe(0);
      expect(strata(d.socket, ['volume', 'prune', '--dry-run', '-a', '-q']).stdout).toBe('');
      expect(await names(c)).toEqual(['precious']);
      expect(strata(d.socket, ['volume', 'rm', 'precious'])).toMatchObject({ stdout: 'precious\n', code: 0 });
    },
  );
});

describe.skipIf(containerSkip !== undefined)(
  `safe volume prune with containers${containerSkip ? ` — skipped: ${containerSkip}` : ''}`,
  () => {
    let b: BusyboxDaemon;
    beforeAll(async () => {
      b = await startBusyboxDaemon('prune-safe-');
    }, 120_000);
    afterAll(async () => {
      await b?.close();
    });

    it('never lists nor prunes a volume a created container refers to', async () => {
      await b.ok(['volume', 'create', 'inuse']);
      await b.ok(['volume', 'create', 'idle']);
      await b.ok(['create', '--name', 'holder', '-v', 'inuse:/data', 'busybox:local', 'true']);
      const dry = strata(b.d.socket, ['volume', 'prune', '--dry-run', '-a', '-q']);
      expect(dry).toEqual({ stdout: 'idle\n', stderr: '', code: 0 });
      expect(await b.ok(['volume', 'prune', '-af'])).toBe(
        'Deleted Volumes:\nidle\n\nTotal reclaimed space: 0B',
      );
      expect(await b.ok(['volume', 'ls', '-q'])).toBe('inuse');
    });
  },
);
