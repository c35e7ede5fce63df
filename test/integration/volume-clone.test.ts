import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContainersApi } from '../../src/client/containers-api.js';
import { EngineClient } from '../../src/client/engine-client.js';
import { VolumeCopiesApi } from '../../src/client/volume-copies-api.js';
import type { EventMessage } from '../../src/types/index.js';
import { buildBusyboxRootfs, busyboxUnavailableReason } from '../helpers/busybox-image.js';
import { runcUnavailableReason } from '../helpers/busybox-rootfs.js';
import { daemonErrorOf, runStrata } from '../helpers/strata-cli.js';
import { startStrata, strataUnavailableReason, type StrataDaemon } from '../helpers/strata-daemon.js';
import { makeFixtureTree, xattrToolsUnavailableReason } from '../helpers/tree-fixture.js';
import { snapshotTree } from '../helpers/tree-snapshot.js';
import { catalogLabels } from '../helpers/catalog.js';

// `strata volume clone SRC DST` (Strata's own; moby#31854) against a real daemon: a faithful copy of
// every kind of entry, labels/options/owner carried, the API's refusals, running containers refused
// unless --pause (with real runc containers, also `docker pause`'s own texts), and kill -9 of the
// daemon in the middle of many clones.

const skip =
  strataUnavailableReason() ?? (process.getuid?.() === 0 ? undefined : 'owners and xattrs need root');
const fixtureSkip = xattrToolsUnavailableReason();
const containerSkip = runcUnavailableReason() ?? busyboxUnavailableReason();

const client = (d: StrataDaemon) => new EngineClient({ host: `unix://${d.socket}` });
const copies = (d: StrataDaemon) => new VolumeCopiesApi(client(d));

describe.skipIf(skip !== undefined)(`volume clone${skip ? ` — skipped: ${skip}` : ''}`, () => {
  let d: StrataDaemon;
  beforeAll(async () => {
    d = await startStrata();
  });
  afterAll(async () => {
    await d?.stop();
  });

  it.skipIf(fixtureSkip !== undefined)(
    `clones with the CLI: every entry kept, exact size, labels, options and owner carried; emits clone${fixtureSkip ? ` — skipped: ${fixtureSkip}` : ''}`,
    async () => {
      const c = client(d);
      const since = String(Math.floor(Date.now() / 1000) - 1);
      const src = await c.createVolume({
        Name: 'photos',
        Labels: { team: 'a', keep: 'x' },
        DriverOpts: { uid: '1000', gid: '100', mode: '0750' },
      });
      makeFixtureTree(src.Mountpoint);
      const run = await runStrata(d, [
        'volume',
        'clone',
        '--label',
        'team=b',
        '--label',
        'copy',
        'photos',
        'photos2',
      ]);
      expect(run).toEqual({ stdout: 'photos2\n', stderr: '', code: 0 });
      const dst = await c.inspectVolume('photos2', { usage: true });
      expect(dst).toMatchObject({
        Name: 'photos2',
        Driver: 'local',
        Labels: { team: 'b', keep: 'x', copy: '' },
        Options: { uid: '1000', gid: '100', mode: '0750' },
        Mountpoint: join(d.dataRoot, 'volumes', 'photos2', '_data'),
      });
      expect(snapshotTree(dst.Mountpoint)).toEqual(snapshotTree(src.Mountpoint));
      const srcSize = (await c.inspectVolume('photos', { usage: true })).UsageData?.Size;
      expect(srcSize).toBeGreaterThan(64 * 1024 * 1024);
      expect(dst.UsageData?.Size).toBe(srcSize);
      // The source is as it was, and Docker's view of both is plain.
      expect((await c.inspectVolume('photos')).Labels).toEqual({ team: 'a', keep: 'x' });
      expect(Object.keys(await c.inspectVolume('photos2')).sort()).toEqual(
        ['CreatedAt', 'Driver', 'Labels', 'Mountpoint', 'Name', 'Options', 'Scope'].sort(),
      );

      const until = String(Math.ceil(Date.now() / 1000) + 1);
      const events: EventMessage[] = [];
      await c.events({ since, until, filters: { type: ['volume'], event: ['clone'] } }, (e) =>
        events.push(e),
      );
      expect(events.map((e) => [e.Actor.ID, e.Actor.Attributes])).toEqual([
        ['photos2', { driver: 'local', source: 'photos' }],
      ]);

      await d.restart();
      const after = await client(d).inspectVolume('photos2');
      expect(after.Labels).toEqual({ team: 'b', keep: 'x', copy: '' });
      expect(snapshotTree(after.Mountpoint)).toEqual(snapshotTree(src.Mountpoint));
    },
    120_000,
  );

  it('refuses with the API’s statuses and texts, changing nothing', async () => {
    const c = client(d);
    await c.createVolume({ Name: 'keep', Labels: { k: 'v' } });
    await c.createVolume({ Name: 'taken' });
    await c.createVolume({ Name: 'scratch', DriverOpts: { type: 'tmpfs', device: 'tmpfs' } });
    const invalidCreate = await daemonErrorOf(c.createVolume({ Name: 'bad name' }));
    const cases: Array<[string, string, number, string]> = [
      ['ghost', 'x2', 404, 'get ghost: no such volume'],
      ['keep', 'bad name', 400, invalidCreate[1].replace(/^create bad name:/, 'clone keep:')],
      ['keep', '', 400, 'clone keep: the new name may not be empty'],
      ['keep', 'taken', 409, 'volume taken already exists'],
      ['keep', 'keep', 409, 'volume keep already exists'],
      [
        'scratch',
        'scratch2',
        400,
        'clone scratch: volume scratch mounts a "tmpfs" filesystem given by its options; its data is not kept by Strata and cannot be copied',
      ],
    ];
    for (const [from, to, status, message] of cases) {
      expect(await daemonErrorOf(copies(d).clone(from, { name: to })), `${from} → ${to}`).toEqual([
        status,
        message,
      ]);
    }
    expect(await daemonErrorOf(client(d).call('POST', '/volumes/keep/clone', { body: { Name: 7 } }))).toEqual(
      [400, 'invalid JSON: "Name" must be a string'],
    );
    const names = readdirSync(join(d.dataRoot, 'volumes'));
    expect(names).not.toContain('bad name');
    expect(names).not.toContain('scratch2');
    expect(catalogLabels(d).has('scratch2')).toBe(false);
    expect(readdirSync(join(d.dataRoot, 'trash'))).toEqual([]);
    expect(await runStrata(d, ['volume', 'clone', 'keep', 'taken'])).toEqual({
      stdout: '',
      stderr: 'Error response from daemon: volume taken already exists\n',
      code: 1,
    });
    const usage = await runStrata(d, ['volume', 'clone', 'keep']);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain("'strata volume clone' requires 2 arguments");
    expect((await runStrata(d, ['volume', '--help'])).stdout).toMatch(
      /\n {2}clone +Copy a volume to a new volume\n/,
    );
  });

  describe.skipIf(containerSkip !== undefined)(
    `with containers${containerSkip ? ` — skipped: ${containerSkip}` : ''}`,
    () => {
      let dir: string;
      beforeAll(async () => {
        dir = mkdtempSync(join(tmpdir(), 'svcl-'));
        writeFileSync(join(dir, 'rootfs.tar'), buildBusyboxRootfs());
        const imported = await runStrata(d, ['image', 'import', join(dir, 'rootfs.tar'), 'busybox:local']);
        expect(imported.code, imported.stderr).toBe(0);
      }, 120_000);
      afterAll(() => {
        if (dir) rmSync(dir, { recursive: true, force: true });
      });
      const succeed = async (args: string[]): Promise<string> => {
        const r = await runStrata(d, args);
        expect(r.code, r.stderr).toBe(0);
        return r.stdout.trim();
      };
      const lines = (path: string): number => readFileSync(path, 'utf8').split('\n').length - 1;

      it('refuses a source a running container uses; --pause pauses it for the copy only', async () => {
        const c = client(d);
        const v = await c.createVolume({ Name: 'live' });
        await succeed(['create', '--name', 'idle', '-v', 'live:/data', 'busybox:local', 'true']);
        expect(await succeed(['volume', 'clone', 'live', 'live-idle'])).toBe('live-idle');
        const id = await succeed([
          'run',
          '-d',
          '--name',
          'writer',
          '-v',
          'live:/data',
          'busybox:local',
          'sh',
          '-c',
          'while true; do echo x >> /data/log; sleep 0.02; done',
        ]);
        const [status, message] = await daemonErrorOf(copies(d).clone('live', { name: 'live2' }));
        expect([status, message]).toEqual([
          409,
          `volume live is in use by running container(s): ${id} (names: writer); pause them while it is copied (--pause)`,
        ]);
        expect(await runStrata(d, ['volume', 'clone', 'live', 'live2'])).toMatchObject({
          code: 1,
          stderr: `Error response from daemon: ${message}\n`,
        });
        const since = (Date.now() / 1000).toFixed(3);
        expect(await succeed(['volume', 'clone', '--pause', 'live', 'live2'])).toBe('live2');
        // The writer was frozen while copied: the copy's log is a prefix of the source's, and the
        // writer goes on afterwards.
        const copied = readFileSync(join(d.dataRoot, 'volumes', 'live2', '_data', 'log'), 'utf8');
        expect(readFileSync(join(v.Mountpoint, 'log'), 'utf8').startsWith(copied)).toBe(true);
        const before = lines(join(v.Mountpoint, 'log'));
        await new Promise((r) => setTimeout(r, 300));
        expect(lines(join(v.Mountpoint, 'log'))).toBeGreaterThan(before);
        const state = (await new ContainersApi(c).inspect('writer')).value;
        expect(state.State).toMatchObject({ Status: 'running', Paused: false });
        const until = String(Math.ceil(Date.now() / 1000) + 1);
        const events: string[] = [];
        await c.events({ since, until, filters: { event: ['pause', 'unpause', 'clone'] } }, (e) =>
          events.push(`${e.Type} ${e.Action}`),
        );
        expect(events).toEqual(['container pause', 'container unpause', 'volume clone']);

        // One the user paused stays paused.
        await succeed(['pause', 'writer']);
        expect(await succeed(['volume', 'clone', '--pause', 'live', 'live3'])).toBe('live3');
        expect((await new ContainersApi(c).inspect('writer')).value.State).toMatchObject({
          Status: 'paused',
        });
        await succeed(['unpause', 'writer']);
        await succeed(['rm', '-f', 'writer', 'idle']);
      }, 120_000);

      it('pause and unpause as docker: state, ps status, refusals with moby’s texts', async () => {
        const c = client(d);
        const id = await succeed(['run', '-d', '--name', 'sleeper', 'busybox:local', 'sleep', '600']);
        const idle = await succeed(['create', '--name', 'never', 'busybox:local', 'true']);
        expect(await succeed(['pause', 'sleeper'])).toBe('sleeper');
        const ps = await succeed(['ps', '--filter', 'status=paused', '--format', '{{.Names}} {{.Status}}']);
        expect(ps).toMatch(/^sleeper Up .* \(Paused\)$/);
        const api = new ContainersApi(c);
        const cases: Array<[Promise<unknown>, number, string]> = [
          [api.pause('sleeper'), 409, `Container ${id} is already paused`],
          [api.pause(idle), 409, `container ${idle} is not running`],
          [api.pause(idle, 'unpause'), 500, `Container ${idle} is not paused`],
          [api.start('sleeper'), 409, 'cannot start a paused container, try unpause instead'],
          [
            api.remove('sleeper', { force: false, volumes: false, link: false }),
            409,
            'cannot remove container "/sleeper": container is paused and must be unpaused first',
          ],
          [api.pause('ghost'), 404, 'No such container: ghost'],
        ];
        for (const [p, status, message] of cases) expect(await daemonErrorOf(p)).toEqual([status, message]);
        expect(await runStrata(d, ['exec', 'sleeper', 'true'])).toMatchObject({
          code: 1,
          stderr: expect.stringContaining('Container sleeper is paused, unpause the container before exec'),
        });
        expect(await succeed(['unpause', 'sleeper'])).toBe('sleeper');
        expect(await succeed(['exec', 'sleeper', 'echo', 'thawed'])).toBe('thawed');
        // A stop of a paused container thaws it so the signal lands.
        await succeed(['pause', 'sleeper']);
        await succeed(['stop', '-t', '1', 'sleeper']);
        expect((await api.inspect('sleeper')).value.State).toMatchObject({ Status: 'exited', Paused: false });
        await succeed(['rm', 'sleeper', 'never']);
      }, 120_000);
    },
  );
});

describe.skipIf(skip !== undefined)(`volume clone crash safety${skip ? ` — skipped: ${skip}` : ''}`, () => {
  const rounds = 15;
  let d: StrataDaemon;
  beforeAll(async () => {
    d = await startStrata();
  });
  afterAll(async () => {
    await d?.stop();
  });

  it('kill -9 at random moments of many clones leaves each clone absent or complete, labels and all', async () => {
    const src = await client(d).createVolume({ Name: 'origin', Labels: { from: 'origin' } });
    // Enough files that a copy takes a while, so kills land inside copies too.
    for (let i = 0; i < 150; i++) writeFileSync(join(src.Mountpoint, `f${i}`), `file ${i}\n`.repeat(50));
    const want = snapshotTree(src.Mountpoint, { xattrs: false });
    let n = 0;
    let completed = 0;
    let cutShort = 0;
    for (let round = 0; round < rounds; round++) {
      const c = copies(d);
      const chain = (async () => {
        for (;;) {
          const name = `copy${n++}`;
          try {
            await c.clone('origin', { name, labels: { n: name } });
          } catch {
            return;
          }
          completed++;
        }
      })();
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 300));
      await d.kill9();
      await chain;
      // A copy the kill cut short is still in the trash, where clones are staged.
      if (readdirSync(join(d.dataRoot, 'trash')).some((e) => e.startsWith('clone-'))) cutShort++;
      await d.restart();

      const listed = ((await client(d).listVolumes()).Volumes ?? []).map((v) => v.Name).sort();
      const onDisk = readdirSync(join(d.dataRoot, 'volumes')).sort();
      expect(onDisk, `round ${round}`).toEqual(listed);
      expect([...catalogLabels(d).keys()].sort()).toEqual(listed);
      expect(readdirSync(join(d.dataRoot, 'trash'))).toEqual([]);
      for (const name of listed.filter((x) => x !== 'origin')) {
        const v = await client(d).inspectVolume(name);
        expect(v.Labels, `${name} in round ${round}`).toEqual({ from: 'origin', n: name });
        expect(snapshotTree(v.Mountpoint, { xattrs: false }), `${name} in round ${round}`).toEqual(want);
      }
      expect(existsSync(join(d.dataRoot, 'volumes', 'origin', '_data', 'f149'))).toBe(true);
    }
    // Clones completed between the kills, and kills landed inside copies.
    expect(completed).toBeGreaterThan(0);
    expect(cutShort).toBeGreaterThan(0);
  }, 300_000);
});
