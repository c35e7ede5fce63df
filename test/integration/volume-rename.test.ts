import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DaemonError, EngineClient } from '../../src/client/engine-client.js';
import type { EventMessage } from '../../src/types/index.js';
import { buildBusyboxRootfs, busyboxUnavailableReason } from '../helpers/busybox-image.js';
import { runcUnavailableReason } from '../helpers/busybox-rootfs.js';
import { runStrata } from '../helpers/strata-cli.js';
import { startStrata, strataUnavailableReason, type StrataDaemon } from '../helpers/strata-daemon.js';
import { catalogLabels } from '../helpers/catalog.js';

// `strata volume rename OLD NEW` (Strata's own; Docker has none) against a real daemon: the happy path
// through the CLI, every refusal through the API and the CLI, the refusal of a volume a container
// uses, and kill -9 of the daemon at random moments of many renames.

const skip = strataUnavailableReason();
const containerSkip =
  (process.getuid?.() === 0 ? undefined : 'containers need root') ??
  runcUnavailableReason() ??
  busyboxUnavailableReason();

const strata = runStrata;

const client = (d: StrataDaemon) => new EngineClient({ host: `unix://${d.socket}` });

async function daemonError(p: Promise<unknown>): Promise<{ status: number; message: string }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof DaemonError) return { status: err.status, message: err.daemonMessage };
    throw err;
  }
  throw new Error('expected a daemon error');
}

/** The volume directories on disk (what the local driver would load). */
function volumeDirs(d: StrataDaemon): string[] {
  return readdirSync(join(d.dataRoot, 'volumes')).sort();
}

describe.skipIf(skip !== undefined)(`volume rename${skip ? ` — skipped: ${skip}` : ''}`, () => {
  let d: StrataDaemon;
  beforeAll(async () => {
    d = await startStrata();
  });
  afterAll(async () => {
    await d?.stop();
  });

  it('renames with the CLI, keeping data, labels, options, creation time; emits rename', async () => {
    const c = client(d);
    const since = String(Math.floor(Date.now() / 1000) - 1);
    const made = await c.createVolume({ Name: 'photos', Labels: { team: 'a' } });
    writeFileSync(join(made.Mountpoint, 'f.txt'), 'precious');
    await c.createVolume({ Name: 'scratch', DriverOpts: { type: 'tmpfs', device: 'tmpfs', o: 'size=1m' } });
    const anon = await c.createVolume({});

    const run = await strata(d, ['volume', 'rename', 'photos', 'pictures']);
    expect(run).toEqual({ stdout: 'pictures\n', stderr: '', code: 0 });
    const v = await c.inspectVolume('pictures');
    expect(v).toMatchObject({
      Name: 'pictures',
      Driver: 'local',
      Labels: { team: 'a' },
      Options: null,
      CreatedAt: made.CreatedAt,
      Mountpoint: join(d.dataRoot, 'volumes', 'pictures', '_data'),
      Scope: 'local',
    });
    expect(readFileSync(join(v.Mountpoint, 'f.txt'), 'utf8')).toBe('precious');
    expect(existsSync(join(d.dataRoot, 'volumes', 'photos'))).toBe(false);
    expect(await daemonError(c.inspectVolume('photos'))).toEqual({
      status: 404,
      message: 'get photos: no such volume',
    });

    expect((await strata(d, ['volume', 'rename', 'scratch', 'tmp-space'])).code).toBe(0);
    expect((await c.inspectVolume('tmp-space')).Options).toEqual({
      type: 'tmpfs',
      device: 'tmpfs',
      o: 'size=1m',
    });

    // The answer is the renamed volume's inspect JSON; the anonymous label stays.
    const renamed = await c.renameVolume(anon.Name, 'was-anonymous');
    expect(renamed).toEqual({ ...anon, Name: 'was-anonymous', Mountpoint: renamed.Mountpoint });
    expect(renamed.Labels).toEqual({ 'com.docker.volume.anonymous': '' });

    const until = String(Math.ceil(Date.now() / 1000) + 1);
    const events: EventMessage[] = [];
    await c.events({ since, until, filters: { type: ['volume'], event: ['rename'] } }, (e) => events.push(e));
    expect(events.map((e) => [e.Actor.ID, e.Actor.Attributes])).toEqual([
      ['pictures', { driver: 'local', oldName: 'photos' }],
      ['tmp-space', { driver: 'local', oldName: 'scratch' }],
      ['was-anonymous', { driver: 'local', oldName: anon.Name }],
    ]);

    await d.restart();
    const after = await client(d).inspectVolume('pictures');
    expect(after.Labels).toEqual({ team: 'a' });
    expect(readFileSync(join(after.Mountpoint, 'f.txt'), 'utf8')).toBe('precious');
    expect((await client(d).listVolumes()).Volumes?.map((x) => x.Name).sort()).toEqual([
      'pictures',
      'tmp-space',
      'was-anonymous',
    ]);
  });

  it('refuses with the API’s statuses and texts, changing nothing', async () => {
    const c = client(d);
    await c.createVolume({ Name: 'keep', Labels: { k: 'v' } });
    await c.createVolume({ Name: 'taken' });
    const invalidCreate = await daemonError(c.createVolume({ Name: 'bad name' }));
    const cases: Array<[string, string, number, string]> = [
      ['ghost', 'x2', 404, 'get ghost: no such volume'],
      // The text create gives for the name, under the rename's operation and volume.
      ['keep', 'bad name', 400, invalidCreate.message.replace(/^create bad name:/, 'rename keep:')],
      [
        'keep',
        'a',
        400,
        'rename keep: volume name is too short, names should be at least two alphanumeric characters',
      ],
      ['keep', '', 400, 'rename keep: the new name may not be empty'],
      ['keep', 'taken', 409, 'volume taken already exists'],
      ['keep', 'keep', 409, 'volume keep already exists'],
    ];
    for (const [from, to, status, message] of cases) {
      expect(await daemonError(c.renameVolume(from, to)), `${from} → ${to}`).toEqual({ status, message });
    }
    expect(invalidCreate.status).toBe(400);
    expect((await c.inspectVolume('keep')).Labels).toEqual({ k: 'v' });
    expect(volumeDirs(d)).toEqual(expect.arrayContaining(['keep', 'taken']));
    expect(volumeDirs(d)).not.toContain('bad name');
    expect(catalogLabels(d).has('bad name')).toBe(false);

    expect(await strata(d, ['volume', 'rename', 'ghost', 'x2'])).toEqual({
      stdout: '',
      stderr: 'Error response from daemon: get ghost: no such volume\n',
      code: 1,
    });
    expect(await strata(d, ['volume', 'rename', 'keep', 'taken'])).toEqual({
      stdout: '',
      stderr: 'Error response from daemon: volume taken already exists\n',
      code: 1,
    });
    const usage = await strata(d, ['volume', 'rename', 'keep']);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toBe(
      "strata: 'strata volume rename' requires 2 arguments\n\nUsage:  strata volume rename VOLUME NEW_NAME\n\nRun 'strata volume rename --help' for more information\n",
    );
    const help = await strata(d, ['volume', 'rename', '--help']);
    expect(help.stdout).toBe(
      'Usage:  strata volume rename VOLUME NEW_NAME\n\nRename a volume, keeping its data, labels and options. Only a local volume that no container uses can be renamed.\n',
    );
    expect((await strata(d, ['volume', '--help'])).stdout).toMatch(/\n {2}rename +Rename a volume\n/);
  });

  describe.skipIf(containerSkip !== undefined)(
    `with containers${containerSkip ? ` — skipped: ${containerSkip}` : ''}`,
    () => {
      let dir: string;
      beforeAll(async () => {
        dir = mkdtempSync(join(tmpdir(), 'svrn-'));
        writeFileSync(join(dir, 'rootfs.tar'), buildBusyboxRootfs());
        const imported = await strata(d, ['image', 'import', join(dir, 'rootfs.tar'), 'busybox:local']);
        expect(imported.code, imported.stderr).toBe(0);
      }, 120_000);
      afterAll(() => {
        if (dir) rmSync(dir, { recursive: true, force: true });
      });
      /** Runs a strata command line (split at spaces) that must succeed; its trimmed stdout. */
      const succeed = async (line: string): Promise<string> => {
        const r = await strata(d, line.split(' '));
        expect(r.code, r.stderr).toBe(0);
        return r.stdout.trim();
      };

      it('refuses a volume any container references, running or not, naming them', async () => {
        const c = client(d);
        await c.createVolume({ Name: 'shared', Labels: { k: 'v' } });
        const idleId = await succeed('create --name idle -v shared:/data busybox:local true');
        let err = await daemonError(c.renameVolume('shared', 'shared2'));
        expect(err).toEqual({
          status: 409,
          message: `volume shared is in use by container(s): ${idleId} (names: idle)`,
        });

        const busyId = await succeed('run -d --name busy -v shared:/data busybox:local sleep 600');
        err = await daemonError(c.renameVolume('shared', 'shared2'));
        expect(err.status).toBe(409);
        expect(err.message).toBe(
          `volume shared is in use by container(s): ${idleId}, ${busyId} (names: idle, busy)`,
        );
        const cli = await strata(d, ['volume', 'rename', 'shared', 'shared2']);
        expect(cli).toMatchObject({ code: 1, stderr: `Error response from daemon: ${err.message}\n` });

        await succeed('rm -f busy idle');
        expect(await succeed('volume rename shared shared2')).toBe('shared2');
        expect((await c.inspectVolume('shared2')).Labels).toEqual({ k: 'v' });
      }, 120_000);

      it('a container started after the rename finds the data under the new name', async () => {
        const c = client(d);
        const v = await c.createVolume({ Name: 'before' });
        writeFileSync(join(v.Mountpoint, 'hello'), 'moved along\n');
        expect(await succeed('volume rename before after')).toBe('after');
        expect(await succeed('run --rm -v after:/data busybox:local cat /data/hello')).toBe('moved along');
      }, 120_000);
    },
  );
});

describe.skipIf(skip !== undefined)(`volume rename crash safety${skip ? ` — skipped: ${skip}` : ''}`, () => {
  const volumes = 12;
  const rounds = 25;
  let d: StrataDaemon;
  beforeAll(async () => {
    d = await startStrata();
  });
  afterAll(async () => {
    await d?.stop();
  });

  /** The name volume `i` has in generation `g`. */
  const nameOf = (i: number, g: number) => `vol${i}-g${g}`;

  it('kill -9 at random moments of many renames leaves exactly one name per volume, with data and labels', async () => {
    const gen: number[] = [];
    for (let i = 0; i < volumes; i++) {
      const v = await client(d).createVolume({
        Name: nameOf(i, 0),
        Labels: { volume: String(i) },
        ...(i % 3 === 0 ? { DriverOpts: { type: 'tmpfs', device: 'tmpfs' } } : {}),
      });
      if (i % 3 !== 0) writeFileSync(join(v.Mountpoint, 'id'), `volume ${i}`);
      gen.push(0);
    }
    let renamesSeen = 0;
    for (let round = 0; round < rounds; round++) {
      const c = client(d);
      // Every volume renames itself along its chain of names until the daemon dies under it.
      const chains = gen.map(async (g0, i) => {
        for (let g = g0; ; g++) {
          try {
            await c.renameVolume(nameOf(i, g), nameOf(i, g + 1));
          } catch {
            return;
          }
          gen[i] = g + 1;
          renamesSeen++;
        }
      });
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 60));
      await d.kill9();
      await Promise.all(chains);
      await d.restart();

      const listed = ((await client(d).listVolumes()).Volumes ?? []).map((v) => v.Name).sort();
      const rows = catalogLabels(d);
      expect(volumeDirs(d)).toEqual(listed);
      expect([...rows.keys()].sort()).toEqual(listed);
      expect(listed).toHaveLength(volumes);
      for (let i = 0; i < volumes; i++) {
        // The last acknowledged rename stands; one more may have completed unacknowledged.
        const candidates = [nameOf(i, gen[i] as number), nameOf(i, (gen[i] as number) + 1)];
        const present = candidates.filter((n) => listed.includes(n));
        expect(present, `volume ${i} in round ${round}`).toHaveLength(1);
        const name = present[0] as string;
        gen[i] = Number(name.slice(name.lastIndexOf('g') + 1));
        const v = await client(d).inspectVolume(name);
        expect(v.Labels).toEqual({ volume: String(i) });
        expect(rows.get(name)).toEqual({ volume: String(i) });
        if (i % 3 === 0) expect(v.Options).toEqual({ type: 'tmpfs', device: 'tmpfs' });
        else expect(readFileSync(join(v.Mountpoint, 'id'), 'utf8')).toBe(`volume ${i}`);
      }
    }
    // The kills must have landed among renames, not only between rounds.
    expect(renamesSeen).toBeGreaterThan(rounds);
  }, 300_000);
});
