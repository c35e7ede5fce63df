import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineClient } from '../../src/client/engine-client.js';
import { VolumeCopiesApi } from '../../src/client/volume-copies-api.js';
import type { EventMessage } from '../../src/types/index.js';
import { buildBusyboxRootfs, busyboxUnavailableReason } from '../helpers/busybox-image.js';
import { runcUnavailableReason } from '../helpers/busybox-rootfs.js';
import { daemonErrorOf, runStrata } from '../helpers/strata-cli.js';
import { startStrata, strataUnavailableReason, type StrataDaemon } from '../helpers/strata-daemon.js';
import { makeFixtureTree, xattrToolsUnavailableReason } from '../helpers/tree-fixture.js';
import { snapshotTree } from '../helpers/tree-snapshot.js';

// `strata volume snapshot create|ls|restore|rm` (Strata's own; moby#7127, moby#33782) against a real
// daemon: faithful snapshots and restores, where they live (with the volume: rename keeps them,
// rm and prune remove them, Docker's view of the volume unchanged), the API's refusals, restore
// refused while a container uses the volume, and kill -9 of the daemon in the middle of restores.

const skip =
  strataUnavailableReason() ?? (process.getuid?.() === 0 ? undefined : 'owners and xattrs need root');
const fixtureSkip = xattrToolsUnavailableReason();
const containerSkip = runcUnavailableReason() ?? busyboxUnavailableReason();

const client = (d: StrataDaemon) => new EngineClient({ host: `unix://${d.socket}` });
const copies = (d: StrataDaemon) => new VolumeCopiesApi(client(d));

describe.skipIf(skip !== undefined)(`volume snapshots${skip ? ` — skipped: ${skip}` : ''}`, () => {
  let d: StrataDaemon;
  beforeAll(async () => {
    d = await startStrata();
  });
  afterAll(async () => {
    await d?.stop();
  });
  const succeed = async (args: string[]): Promise<string> => {
    const r = await runStrata(d, args);
    expect(r.code, r.stderr).toBe(0);
    return r.stdout;
  };

  it.skipIf(fixtureSkip !== undefined)(
    `snapshots and restores with the CLI, every entry kept; ls, --format, -q; events${fixtureSkip ? ` — skipped: ${fixtureSkip}` : ''}`,
    async () => {
      const c = client(d);
      const since = (Date.now() / 1000).toFixed(3);
      const v = await c.createVolume({ Name: 'data', Labels: { k: 'v' } });
      const inspectBefore = await c.inspectVolume('data');
      makeFixtureTree(v.Mountpoint);
      const original = snapshotTree(v.Mountpoint);
      expect(await succeed(['volume', 'snapshot', 'create', 'data', 'before'])).toBe('before\n');
      const stamped = (await succeed(['volume', 'snapshot', 'create', 'data'])).trim();
      expect(stamped).toMatch(/^\d{8}T\d{6}Z$/);
      await c.createVolume({ Name: 'other' });
      expect(await succeed(['volume', 'snapshot', 'create', 'other', 'o1'])).toBe('o1\n');

      const table = await succeed(['volume', 'snapshot', 'ls', 'data']);
      const rows = table.trimEnd().split('\n');
      expect(rows[0]).toMatch(/^VOLUME +SNAPSHOT +CREATED +SIZE$/);
      expect(rows.slice(1).map((r) => r.split(/ {3,}/).slice(0, 2))).toEqual([
        ['data', 'before'],
        ['data', stamped],
      ]);
      expect(rows[1]).toMatch(/(Less than a second|\d+ seconds?) ago +67\.\d+MB$/);
      expect(await succeed(['volume', 'snapshot', 'ls', '-q', 'data'])).toBe(`before\n${stamped}\n`);
      expect(await succeed(['volume', 'snapshot', 'ls', '-q'])).toBe(
        `data/before\ndata/${stamped}\nother/o1\n`,
      );
      expect(await succeed(['volume', 'snapshot', 'ls', '--format', '{{.Volume}}:{{.Name}}', 'other'])).toBe(
        'other:o1\n',
      );
      const json = JSON.parse(
        (await succeed(['volume', 'snapshot', 'ls', '--format', 'json', 'other'])).trim(),
      );
      expect(json).toMatchObject({ Volume: 'other', Name: 'o1', Size: '0B' });
      const api = await copies(d).listSnapshots('data');
      expect(api.map((s) => [s.Volume, s.Name])).toEqual([
        ['data', 'before'],
        ['data', stamped],
      ]);
      expect(api[0]?.Size).toBe((await c.inspectVolume('data', { usage: true })).UsageData?.Size);

      // Snapshots are invisible to Docker's view of the volume.
      expect(await c.inspectVolume('data')).toEqual(inspectBefore);
      expect(readdirSync(v.Mountpoint)).not.toContain('_snapshots');

      rmSync(join(v.Mountpoint, 'dir'), { recursive: true });
      writeFileSync(join(v.Mountpoint, 'plain.txt'), 'changed');
      writeFileSync(join(v.Mountpoint, 'added'), 'new');
      expect(await succeed(['volume', 'snapshot', 'restore', 'data', 'before'])).toBe('data\n');
      expect(snapshotTree(v.Mountpoint)).toEqual(original);
      expect(readdirSync(join(d.dataRoot, 'volumes', 'data')).sort()).toEqual(['_data', '_snapshots']);

      expect(await succeed(['volume', 'snapshot', 'rm', 'data', stamped])).toBe(`${stamped}\n`);
      expect(await runStrata(d, ['volume', 'snapshot', 'rm', 'data', 'before', 'nope'])).toEqual({
        stdout: 'before\n',
        stderr: 'Error response from daemon: no such snapshot nope of volume data\n',
        code: 1,
      });
      expect(await succeed(['volume', 'snapshot', 'ls', 'data'])).toMatch(
        /^VOLUME +SNAPSHOT +CREATED +SIZE\n$/,
      );

      const until = String(Math.ceil(Date.now() / 1000) + 1);
      const events: EventMessage[] = [];
      await c.events({ since, until, filters: { type: ['volume'], event: ['snapshot', 'restore'] } }, (e) =>
        events.push(e),
      );
      expect(events.map((e) => [e.Action, e.Actor.ID, e.Actor.Attributes])).toEqual([
        ['snapshot', 'data', { driver: 'local', snapshot: 'before' }],
        ['snapshot', 'data', { driver: 'local', snapshot: stamped }],
        ['snapshot', 'other', { driver: 'local', snapshot: 'o1' }],
        ['restore', 'data', { driver: 'local', snapshot: 'before' }],
      ]);
    },
    120_000,
  );

  it('keeps snapshots with the volume: rename moves them, rm and prune delete them', async () => {
    const c = client(d);
    const v = await c.createVolume({ Name: 'moving' });
    writeFileSync(join(v.Mountpoint, 'f'), 'one');
    await copies(d).createSnapshot('moving', 's1');
    await c.renameVolume('moving', 'moved');
    expect((await copies(d).listSnapshots('moved')).map((s) => s.Name)).toEqual(['s1']);
    writeFileSync(join(d.dataRoot, 'volumes', 'moved', '_data', 'f'), 'two');
    await copies(d).restoreSnapshot('moved', 's1');
    expect(readFileSync(join(d.dataRoot, 'volumes', 'moved', '_data', 'f'), 'utf8')).toBe('one');
    await c.removeVolume('moved');
    expect(existsSync(join(d.dataRoot, 'volumes', 'moved'))).toBe(false);
    await c.createVolume({ Name: 'moved' });
    expect(await copies(d).listSnapshots('moved')).toEqual([]);

    const anon = await c.createVolume({});
    await copies(d).createSnapshot(anon.Name, 'kept');
    const pruned = await c.pruneVolumes();
    expect(pruned.VolumesDeleted).toContain(anon.Name);
    expect(existsSync(join(d.dataRoot, 'volumes', anon.Name))).toBe(false);
    expect((await copies(d).listSnapshots()).map((s) => s.Volume)).not.toContain(anon.Name);
  });

  it('refuses with the API’s statuses and texts, changing nothing', async () => {
    const c = client(d);
    await c.createVolume({ Name: 'guarded' });
    await copies(d).createSnapshot('guarded', 'kept');
    await c.createVolume({ Name: 'scratch', DriverOpts: { type: 'tmpfs', device: 'tmpfs' } });
    const cases: Array<[() => Promise<unknown>, number, string]> = [
      [() => copies(d).createSnapshot('ghost', 'x1'), 404, 'get ghost: no such volume'],
      [() => copies(d).listSnapshots('ghost'), 404, 'get ghost: no such volume'],
      [
        () => copies(d).createSnapshot('guarded', 'kept'),
        409,
        'snapshot kept of volume guarded already exists',
      ],
      [
        () => copies(d).createSnapshot('guarded', '.hidden'),
        400,
        'snapshot guarded: invalid snapshot name ".hidden": only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed, at least two characters',
      ],
      [() => copies(d).restoreSnapshot('guarded', 'nope'), 404, 'no such snapshot nope of volume guarded'],
      [() => copies(d).restoreSnapshot('guarded', '.x'), 404, 'no such snapshot .x of volume guarded'],
      [() => copies(d).removeSnapshot('guarded', 'nope'), 404, 'no such snapshot nope of volume guarded'],
      [
        () => copies(d).createSnapshot('scratch', 's1'),
        400,
        'snapshot scratch: volume scratch mounts a "tmpfs" filesystem given by its options; its data is not kept by Strata and cannot be copied',
      ],
    ];
    for (const [p, status, message] of cases) expect(await daemonErrorOf(p())).toEqual([status, message]);
    expect((await copies(d).listSnapshots('guarded')).map((s) => s.Name)).toEqual(['kept']);
    expect(readdirSync(join(d.dataRoot, 'volumes', 'guarded', '_snapshots'))).toEqual(['kept']);
  });

  describe.skipIf(containerSkip !== undefined)(
    `with containers${containerSkip ? ` — skipped: ${containerSkip}` : ''}`,
    () => {
      let dir: string;
      beforeAll(async () => {
        dir = mkdtempSync(join(tmpdir(), 'svsn-'));
        writeFileSync(join(dir, 'rootfs.tar'), buildBusyboxRootfs());
        const imported = await runStrata(d, ['image', 'import', join(dir, 'rootfs.tar'), 'busybox:local']);
        expect(imported.code, imported.stderr).toBe(0);
      }, 120_000);
      afterAll(() => {
        if (dir) rmSync(dir, { recursive: true, force: true });
      });

      it('refuses a restore while a container uses the volume, running or not; a container then sees it', async () => {
        const c = client(d);
        const v = await c.createVolume({ Name: 'app' });
        writeFileSync(join(v.Mountpoint, 'version'), 'v1\n');
        await copies(d).createSnapshot('app', 'v1');
        writeFileSync(join(v.Mountpoint, 'version'), 'v2\n');
        const idle = (
          await succeed(['create', '--name', 'app-idle', '-v', 'app:/data', 'busybox:local', 'true'])
        ).trim();
        const [status, message] = await daemonErrorOf(copies(d).restoreSnapshot('app', 'v1'));
        expect([status, message]).toEqual([
          409,
          `volume app is in use by container(s): ${idle} (names: app-idle)`,
        ]);
        const busy = (
          await succeed([
            'run',
            '-d',
            '--name',
            'app-run',
            '-v',
            'app:/data',
            'busybox:local',
            'sleep',
            '600',
          ])
        ).trim();
        expect(await runStrata(d, ['volume', 'snapshot', 'restore', 'app', 'v1'])).toEqual({
          stdout: '',
          stderr: `Error response from daemon: volume app is in use by container(s): ${idle}, ${busy} (names: app-idle, app-run)\n`,
          code: 1,
        });
        // A snapshot of a volume in use needs --pause.
        expect((await daemonErrorOf(copies(d).createSnapshot('app', 'live')))[0]).toBe(409);
        expect(await succeed(['volume', 'snapshot', 'create', '--pause', 'app', 'live'])).toBe('live\n');
        await succeed(['rm', '-f', 'app-run', 'app-idle']);
        expect(readFileSync(join(v.Mountpoint, 'version'), 'utf8')).toBe('v2\n');
        await succeed(['volume', 'snapshot', 'restore', 'app', 'v1']);
        expect(
          await succeed(['run', '--rm', '-v', 'app:/data', 'busybox:local', 'cat', '/data/version']),
        ).toBe('v1\n');
      }, 120_000);
    },
  );
});

describe.skipIf(skip !== undefined)(`volume restore crash safety${skip ? ` — skipped: ${skip}` : ''}`, () => {
  const rounds = 15;
  const files = 100;
  let d: StrataDaemon;
  beforeAll(async () => {
    d = await startStrata();
  });
  afterAll(async () => {
    await d?.stop();
  });

  /** Every file of the volume says the same generation: a torn restore would mix them. */
  const generationOf = (data: string): string => {
    const seen = new Set(readdirSync(data).map((f) => readFileSync(join(data, f), 'utf8')));
    expect(seen.size, [...seen].join(' | ')).toBe(1);
    expect(readdirSync(data)).toHaveLength(files);
    return [...seen][0] as string;
  };

  it('kill -9 at random moments of many restores leaves the old or the restored data, whole', async () => {
    const v = await client(d).createVolume({ Name: 'flip', Labels: { k: 'v' } });
    for (const gen of ['gen-a', 'gen-b']) {
      for (let i = 0; i < files; i++) writeFileSync(join(v.Mountpoint, `f${i}`), `generation ${gen}\n`);
      await copies(d).createSnapshot('flip', gen);
    }
    let current = generationOf(v.Mountpoint);
    let restores = 0;
    let cutShort = 0;
    for (let round = 0; round < rounds; round++) {
      const c = copies(d);
      const chain = (async () => {
        for (let i = 0; ; i++) {
          try {
            await c.restoreSnapshot('flip', i % 2 === 0 ? 'gen-a' : 'gen-b');
          } catch {
            return;
          }
          restores++;
        }
      })();
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 500));
      await d.kill9();
      await chain;
      const dir = join(d.dataRoot, 'volumes', 'flip');
      // A restore the kill cut short left its copy or its swap behind.
      if (readdirSync(dir).some((e) => e.startsWith('_restoring') || e === '_replaced')) cutShort++;
      await d.restart();

      current = generationOf(join(dir, '_data'));
      expect(['generation gen-a\n', 'generation gen-b\n']).toContain(current);
      expect(readdirSync(dir).sort(), `round ${round}`).toEqual(['_data', '_snapshots']);
      expect(readdirSync(join(dir, '_snapshots')).sort()).toEqual(['gen-a', 'gen-b']);
      expect((await client(d).inspectVolume('flip')).Labels).toEqual({ k: 'v' });
      expect((await copies(d).listSnapshots('flip')).map((s) => s.Name)).toEqual(['gen-a', 'gen-b']);
    }
    expect(restores).toBeGreaterThan(0);
    expect(cutShort).toBeGreaterThan(0);
  }, 300_000);
});

describe.skipIf(skip !== undefined || containerSkip !== undefined)(
  `volume restore crash safety on the btrfs and image backends${skip || containerSkip ? ` — skipped: ${skip ?? containerSkip}` : ''}`,
  () => {
    const rounds = 8;
    let d: StrataDaemon;
    let dir: string;
    beforeAll(async () => {
      d = await startStrata();
      dir = mkdtempSync(join(tmpdir(), 'svsb-'));
      writeFileSync(join(dir, 'rootfs.tar'), buildBusyboxRootfs());
      const imported = await runStrata(d, ['image', 'import', join(dir, 'rootfs.tar'), 'busybox:local']);
      expect(imported.code, imported.stderr).toBe(0);
    }, 120_000);
    afterAll(async () => {
      // The btrfs pool stays mounted when the daemon stops (by design): unmounted before its dir goes.
      await d?.kill9();
      for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n').reverse()) {
        const point = line.split(' ')[4] ?? '';
        if (d && point.startsWith(`${d.dataRoot}/`)) spawnSync('umount', [point]);
      }
      await d?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });
    /** Runs a shell script in a busybox container with the volume on /d; its stdout. */
    const inVolume = async (name: string, script: string): Promise<string> => {
      const r = await runStrata(d, ['run', '--rm', '-v', `${name}:/d`, 'busybox:local', 'sh', '-c', script]);
      expect(r.code, r.stderr).toBe(0);
      return r.stdout;
    };

    it.each(['btrfs', 'image'])(
      'kill -9 at random moments of many restores of a %s volume leaves old or restored data, whole',
      async (backend) => {
        const name = `flip-${backend}`;
        await client(d).createVolume({
          Name: name,
          DriverOpts: backend === 'image' ? { backend, size: '64M' } : { backend },
        });
        for (const gen of ['gen-a', 'gen-b']) {
          await inVolume(name, `i=0; while [ $i -lt 100 ]; do echo ${gen} > /d/f$i; i=$((i+1)); done`);
          await copies(d).createSnapshot(name, gen);
        }
        let restores = 0;
        for (let round = 0; round < rounds; round++) {
          const c = copies(d);
          const chain = (async () => {
            for (let i = 0; ; i++) {
              try {
                await c.restoreSnapshot(name, i % 2 === 0 ? 'gen-a' : 'gen-b');
              } catch {
                return;
              }
              restores++;
            }
          })();
          await new Promise((r) => setTimeout(r, 5 + Math.random() * 150));
          await d.kill9();
          await chain;
          await d.restart();
          const seen = (await inVolume(name, 'ls /d | wc -l; cat /d/* | sort -u')).trim().split('\n');
          expect(seen.length, `round ${round}: ${seen.join(' | ')}`).toBe(2);
          expect(seen[0]?.trim()).toBe('100');
          expect(['gen-a', 'gen-b']).toContain(seen[1]);
          const entries = readdirSync(join(d.dataRoot, 'volumes', name));
          expect(entries.filter((e) => e.startsWith('_restor') || e === '_replaced')).toEqual([]);
          expect((await copies(d).listSnapshots(name)).map((s) => s.Name)).toEqual(['gen-a', 'gen-b']);
        }
        expect(restores).toBeGreaterThan(0);
      },
      300_000,
    );
  },
);
