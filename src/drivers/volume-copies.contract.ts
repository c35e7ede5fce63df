import { describe, expect, it } from 'vitest';
import { kindOf } from '../errors/index.js';
import type { VolumeDriver, VolumeSnapshots } from './volume-driver.js';

/**
 * The clone and snapshot part of the VolumeDriver contract (volume-driver.ts), run by
 * runVolumeDriverContract for every driver; drivers without the methods skip it. Data itself is
 * checked per driver (the contract has no way to write into a volume).
 */
export function runVolumeCopiesContract(
  current: () => VolumeDriver,
  reload: (() => Promise<VolumeDriver>) | undefined,
): void {
  const errorOf = (p: Promise<unknown>): Promise<unknown> =>
    p.then(
      () => undefined,
      (e: unknown) => e,
    );
  const names = (d: VolumeDriver): string[] =>
    d
      .list()
      .map((v) => v.name)
      .sort();

  describe('clone (drivers that have it)', () => {
    it('makes a new volume, mountable at its own path, the source untouched', async (ctx) => {
      const driver = current();
      if (!driver.clone) return ctx.skip();
      const source = await driver.create('vol-c1', null);
      const made = await driver.clone('vol-c1', 'vol-c2');
      expect(made.name).toBe('vol-c2');
      expect(made.mountpoint).toBe(driver.path('vol-c2'));
      expect(driver.get('vol-c2')).toEqual(made);
      expect(driver.get('vol-c1')).toEqual(source);
      expect(names(driver)).toEqual(['vol-c1', 'vol-c2']);
      expect(await driver.mount('vol-c2', 'id1')).toBe(driver.path('vol-c2'));
      await driver.unmount('vol-c2', 'id1');
      if (reload) expect(names(await reload())).toEqual(['vol-c1', 'vol-c2']);
    });

    it('clones a mounted source', async (ctx) => {
      const driver = current();
      if (!driver.clone) return ctx.skip();
      await driver.create('vol-c3', null);
      await driver.mount('vol-c3', 'id1');
      await driver.clone('vol-c3', 'vol-c4');
      await driver.unmount('vol-c3', 'id1');
      await driver.remove('vol-c4');
      await driver.remove('vol-c3');
      expect(driver.list()).toEqual([]);
    });

    it('refuses, changing nothing: unknown source, taken or invalid target', async (ctx) => {
      const driver = current();
      if (!driver.clone) return ctx.skip();
      await driver.create('vol-c5', null);
      await driver.create('vol-c6', null);
      expect(kindOf(await errorOf(driver.clone('ghost', 'vol-c7')))).toBe('not-found');
      expect(kindOf(await errorOf(driver.clone('vol-c5', 'vol-c6')))).toBe('conflict');
      const createErr = (await errorOf(driver.create('', null))) as Error;
      const cloneErr = (await errorOf(driver.clone('vol-c5', ''))) as Error;
      expect([kindOf(cloneErr), cloneErr.message]).toEqual(['invalid-parameter', createErr.message]);
      expect(names(driver)).toEqual(['vol-c5', 'vol-c6']);
    });
  });

  describe('snapshots (drivers that have them)', () => {
    const of = (d: VolumeDriver): VolumeSnapshots => d.snapshots as VolumeSnapshots;

    it('creates, lists oldest first, restores and removes', async (ctx) => {
      const driver = current();
      if (!driver.snapshots) return ctx.skip();
      await driver.create('vol-s1', null);
      const s1 = await of(driver).create('vol-s1', 'first');
      expect(s1).toMatchObject({ volume: 'vol-s1', name: 'first' });
      expect(Math.abs(s1.createdAt - Date.now())).toBeLessThan(60_000);
      await of(driver).create('vol-s1', 'second');
      expect((await of(driver).list('vol-s1')).map((s) => s.name)).toEqual(['first', 'second']);
      await of(driver).restore('vol-s1', 'first');
      await of(driver).remove('vol-s1', 'first');
      expect((await of(driver).list('vol-s1')).map((s) => s.name)).toEqual(['second']);
      if (reload) {
        const again = await reload();
        expect((await of(again).list('vol-s1')).map((s) => s.name)).toEqual(['second']);
      }
    });

    it('refuses, changing nothing: unknown volume or snapshot, taken or invalid name, mounted restore', async (ctx) => {
      const driver = current();
      if (!driver.snapshots) return ctx.skip();
      const snaps = of(driver);
      await driver.create('vol-s2', null);
      await snaps.create('vol-s2', 'kept');
      expect(kindOf(await errorOf(snaps.create('ghost', 'x1')))).toBe('not-found');
      expect(kindOf(await errorOf(snaps.list('ghost')))).toBe('not-found');
      expect(kindOf(await errorOf(snaps.create('vol-s2', 'kept')))).toBe('conflict');
      for (const bad of ['', 'a', '.hidden', '_x', 'a/b', '../up']) {
        expect(kindOf(await errorOf(snaps.create('vol-s2', bad))), bad).toBe('invalid-parameter');
      }
      expect(kindOf(await errorOf(snaps.restore('vol-s2', 'nope')))).toBe('not-found');
      expect(kindOf(await errorOf(snaps.remove('vol-s2', 'nope')))).toBe('not-found');
      await driver.mount('vol-s2', 'id1');
      const busy = (await errorOf(snaps.restore('vol-s2', 'kept'))) as Error;
      expect([kindOf(busy), busy.message]).toEqual(['conflict', 'volume has active mounts']);
      await driver.unmount('vol-s2', 'id1');
      expect((await snaps.list('vol-s2')).map((s) => s.name)).toEqual(['kept']);
    });

    it('go with the volume on remove and move with it on rename', async (ctx) => {
      const driver = current();
      if (!driver.snapshots) return ctx.skip();
      await driver.create('vol-s3', null);
      await of(driver).create('vol-s3', 'snap');
      if (driver.rename) {
        await driver.rename('vol-s3', 'vol-s4');
        expect((await of(driver).list('vol-s4')).map((s) => s.name)).toEqual(['snap']);
        await driver.rename('vol-s4', 'vol-s3');
      }
      await driver.remove('vol-s3');
      await driver.create('vol-s3', null);
      expect(await of(driver).list('vol-s3')).toEqual([]);
    });
  });
}
