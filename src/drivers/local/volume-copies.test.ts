import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kindOf } from '../../errors/index.js';
import { makeFixtureTree, xattrToolsUnavailableReason } from '../../../test/helpers/tree-fixture.js';
import { snapshotTree } from '../../../test/helpers/tree-snapshot.js';
import { LocalDriver } from './local-driver.js';
import { directorySize } from './disk-usage.js';

// Clone and snapshots of the local driver on the `dir` backend: what the copy keeps, where it lives,
// and what start-up makes of a copy or restore cut short.

const fixtureSkip =
  (process.getuid?.() === 0 ? undefined : 'owners and trusted xattrs need root') ??
  xattrToolsUnavailableReason();

describe('LocalDriver copies', () => {
  let base: string;
  let driver: LocalDriver;
  const drivers: LocalDriver[] = [];
  const open = async (): Promise<LocalDriver> => {
    const d = new LocalDriver({ root: join(base, 'volumes'), trash: join(base, 'trash') });
    drivers.push(d);
    await d.init();
    return d;
  };
  beforeEach(async () => {
    base = mkdtempSync(join(tmpdir(), 'strata-copies-'));
    driver = await open();
  });
  afterEach(async () => {
    await Promise.all(drivers.splice(0).map((d) => d.close()));
    rmSync(base, { recursive: true, force: true });
  });

  it.skipIf(fixtureSkip !== undefined)(
    `clone keeps every kind of entry, sizes exact${fixtureSkip ? ` — skipped: ${fixtureSkip}` : ''}`,
    async () => {
      const src = await driver.create('src', { uid: '1000', gid: '1000', mode: '0750' });
      makeFixtureTree(src.mountpoint);
      const made = await driver.clone('src', 'dst');
      expect(snapshotTree(made.mountpoint)).toEqual(snapshotTree(src.mountpoint));
      expect(await driver.usage('dst')).toBe(await driver.usage('src'));
      expect(readFileSync(join(base, 'volumes', 'dst', 'opts.json'), 'utf8')).toBe(
        readFileSync(join(base, 'volumes', 'src', 'opts.json'), 'utf8'),
      );
      expect(readdirSync(join(base, 'trash'))).toEqual([]);
    },
  );

  it.skipIf(fixtureSkip !== undefined)(
    `snapshot and restore keep every kind of entry${fixtureSkip ? ` — skipped: ${fixtureSkip}` : ''}`,
    async () => {
      const v = await driver.create('vol', null);
      makeFixtureTree(v.mountpoint);
      const before = snapshotTree(v.mountpoint);
      const snap = await driver.snapshots.create('vol', 'before');
      expect(snap.size).toBe(await directorySize(v.mountpoint));
      rmSync(join(v.mountpoint, 'dir'), { recursive: true });
      writeFileSync(join(v.mountpoint, 'plain.txt'), 'changed');
      writeFileSync(join(v.mountpoint, 'added'), 'new');
      await driver.snapshots.restore('vol', 'before');
      expect(snapshotTree(v.mountpoint)).toEqual(before);
      expect(readdirSync(join(base, 'volumes', 'vol')).sort()).toEqual(['_data', '_snapshots']);
      // The snapshot stays as it was, and Docker's size of the volume does not count it.
      expect((await driver.snapshots.list('vol')).map((s) => s.name)).toEqual(['before']);
      expect(await driver.usage('vol')).toBe(snap.size);
    },
  );

  it('refuses to copy a volume whose options mount a filesystem', async () => {
    await driver.create('tmp', { type: 'tmpfs', device: 'tmpfs' });
    const message =
      'volume tmp mounts a "tmpfs" filesystem given by its options; its data is not kept by Strata and cannot be copied';
    for (const p of [driver.clone('tmp', 'tmp2'), driver.snapshots.create('tmp', 'snap')]) {
      const err = (await p.catch((e: unknown) => e)) as Error;
      expect([kindOf(err), err.message]).toEqual(['invalid-parameter', message]);
    }
    expect(driver.list().map((v) => v.name)).toEqual(['tmp']);
    expect(await driver.snapshots.list('tmp')).toEqual([]);
  });

  it('start-up deletes a clone and a snapshot cut short, never showing them', async () => {
    const v = await driver.create('vol', null);
    writeFileSync(join(v.mountpoint, 'f'), 'data');
    mkdirSync(join(base, 'trash', 'clone-0123'), { recursive: true });
    writeFileSync(join(base, 'trash', 'clone-0123', 'half'), '');
    const half = join(base, 'volumes', 'vol', '_snapshots', '.new-0123', '_data');
    mkdirSync(half, { recursive: true });
    const again = await open();
    expect(again.list().map((x) => x.name)).toEqual(['vol']);
    expect(await again.snapshots.list('vol')).toEqual([]);
    expect(readdirSync(join(base, 'trash'))).toEqual([]);
    expect(readdirSync(join(base, 'volumes', 'vol', '_snapshots'))).toEqual([]);
  });

  /**
   * The states a kill -9 can leave a restore in, made by hand: each gives, after start-up, the old
   * data (copy not yet published) or the snapshot's (published, swap cut short anywhere).
   */
  it.each([
    ['copy being made', ['_restoring.new/_data'], 'old'],
    ['copy published, nothing swapped', ['_restoring/_data'], 'new'],
    ['old data moved aside', ['_restoring/_data', 'move _data _replaced/_data'], 'new'],
    [
      'new data in place, old not yet deleted',
      ['_restoring/_data', 'move _data _replaced/_data', 'move _restoring/_data _data'],
      'new',
    ],
  ])('start-up settles a restore cut short: %s', async (_state, steps, expected) => {
    const v = await driver.create('vol', null);
    writeFileSync(join(v.mountpoint, 'f'), 'old');
    const dir = join(base, 'volumes', 'vol');
    for (const step of steps) {
      if (step.startsWith('move ')) {
        const [, from = '', to = ''] = step.split(' ');
        mkdirSync(join(dir, to, '..'), { recursive: true });
        const { renameSync } = await import('node:fs');
        renameSync(join(dir, from), join(dir, to));
      } else {
        mkdirSync(join(dir, step), { recursive: true });
        writeFileSync(join(dir, step, 'f'), 'new');
      }
    }
    const again = await open();
    expect(again.list().map((x) => x.name)).toEqual(['vol']);
    expect(readFileSync(join(dir, '_data', 'f'), 'utf8')).toBe(expected);
    expect(readdirSync(dir).sort()).toEqual(['_data']);
    expect(existsSync(join(dir, '_replaced'))).toBe(false);
  });
});
