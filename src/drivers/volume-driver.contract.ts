import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kindOf } from '../errors/index.js';
import type { VolumeDriver } from './volume-driver.js';
import { runVolumeCopiesContract } from './volume-copies.contract.js';

/** The suite every VolumeDriver passes, the fake included. Names used here are valid everywhere. */
export function runVolumeDriverContract(
  label: string,
  factory: () => Promise<{
    driver: VolumeDriver;
    reload?: () => Promise<VolumeDriver>;
    cleanup?: () => void | Promise<void>;
  }>,
  traits: { persistent: boolean },
): void {
  describe(`VolumeDriver contract: ${label}`, () => {
    let driver: VolumeDriver;
    let reload: (() => Promise<VolumeDriver>) | undefined;
    let cleanup: (() => void | Promise<void>) | undefined;

    beforeEach(async () => {
      ({ driver, reload, cleanup } = await factory());
    });
    afterEach(async () => cleanup?.());

    it('creates, gets, lists and removes a volume', async () => {
      const created = await driver.create('vol-a', null);
      expect(created.name).toBe('vol-a');
      expect(created.mountpoint).toBe(driver.path('vol-a'));
      expect(created.createdAt % 1000).toBe(0);
      expect(Math.abs(created.createdAt - Date.now())).toBeLessThan(60_000);
      expect(driver.get('vol-a')).toEqual(created);
      expect(driver.list().map((v) => v.name)).toEqual(['vol-a']);
      await driver.remove('vol-a');
      expect(driver.get('vol-a')).toBeUndefined();
      expect(driver.list()).toEqual([]);
    });

    it('returns the existing volume when creating a name it holds', async () => {
      const first = await driver.create('vol-b', null);
      const again = await driver.create('vol-b', null);
      expect(again).toEqual(first);
      expect(driver.list()).toHaveLength(1);
    });

    it('removing a name it does not hold is not an error', async () => {
      await expect(driver.remove('never-made')).resolves.toBeUndefined();
    });

    it('counts mounts by id and refuses to remove a mounted volume', async () => {
      await driver.create('vol-c', null);
      const p1 = await driver.mount('vol-c', 'id1');
      const p2 = await driver.mount('vol-c', 'id2');
      expect(p1).toBe(driver.path('vol-c'));
      expect(p2).toBe(p1);
      await expect(driver.remove('vol-c')).rejects.toThrow('volume has active mounts');
      await driver.unmount('vol-c', 'id1');
      await expect(driver.remove('vol-c')).rejects.toThrow('volume has active mounts');
      await driver.unmount('vol-c', 'id-never-mounted');
      await driver.unmount('vol-c', 'id2');
      await driver.remove('vol-c');
      expect(driver.get('vol-c')).toBeUndefined();
    });

    it('unmountIdle leaves a volume that has mount ids mounted', async () => {
      await driver.create('vol-i', null);
      await driver.mount('vol-i', 'id1');
      expect(await driver.unmountIdle()).toEqual([]);
      await expect(driver.remove('vol-i')).rejects.toThrow('volume has active mounts');
      await driver.unmount('vol-i', 'id1');
      await driver.remove('vol-i');
    });

    it('a mount of a missing volume is a not-found error', async () => {
      const err = await driver.mount('ghost', 'id1').catch((e: unknown) => e);
      expect(kindOf(err)).toBe('not-found');
    });

    describe('rename (drivers that have it)', () => {
      const renameOf = (): NonNullable<VolumeDriver['rename']> => {
        if (!driver.rename) throw new Error('driver has no rename');
        return driver.rename.bind(driver);
      };

      it('moves a volume to the new name, mountable there', async (ctx) => {
        if (!driver.rename) return ctx.skip();
        await driver.create('vol-r1', null);
        const moved = await renameOf()('vol-r1', 'vol-r2');
        expect(moved.name).toBe('vol-r2');
        expect(moved.mountpoint).toBe(driver.path('vol-r2'));
        expect(driver.get('vol-r1')).toBeUndefined();
        expect(driver.get('vol-r2')).toEqual(moved);
        expect(driver.list().map((v) => v.name)).toEqual(['vol-r2']);
        expect(await driver.mount('vol-r2', 'id1')).toBe(driver.path('vol-r2'));
        await driver.unmount('vol-r2', 'id1');
      });

      it('refuses, changing nothing: unknown source, taken or invalid target, active mounts', async (ctx) => {
        if (!driver.rename) return ctx.skip();
        const rename = renameOf();
        await driver.create('vol-r3', null);
        await driver.create('vol-r4', null);
        expect(kindOf(await rename('ghost', 'vol-r5').catch((e: unknown) => e))).toBe('not-found');
        expect(kindOf(await rename('vol-r3', 'vol-r4').catch((e: unknown) => e))).toBe('conflict');
        const createErr = await driver.create('', null).catch((e: unknown) => e);
        const renameErr = await rename('vol-r3', '').catch((e: unknown) => e);
        expect(kindOf(renameErr)).toBe('invalid-parameter');
        expect((renameErr as Error).message).toBe((createErr as Error).message);
        await driver.mount('vol-r3', 'id1');
        await expect(rename('vol-r3', 'vol-r5')).rejects.toThrow('volume has active mounts');
        await driver.unmount('vol-r3', 'id1');
        expect(
          driver
            .list()
            .map((v) => v.name)
            .sort(),
        ).toEqual(['vol-r3', 'vol-r4']);
      });

      it.runIf(traits.persistent)('a reload finds the volume under its new name only', async (ctx) => {
        if (!driver.rename || !reload) return ctx.skip();
        await driver.create('vol-r6', null);
        await renameOf()('vol-r6', 'vol-r7');
        const again = await reload();
        expect(again.list().map((v) => v.name)).toEqual(['vol-r7']);
      });
    });

    runVolumeCopiesContract(
      () => driver,
      () => (reload ? reload() : Promise.resolve(driver)),
    );

    // An in-memory driver has no second life; every persistent driver runs this.
    it.runIf(traits.persistent)('finds its volumes again after a reload', async () => {
      if (!reload) throw new Error('a persistent driver must provide reload()');
      const made = await driver.create('vol-d', null);
      const again = await reload();
      expect(again.get('vol-d')).toEqual(made);
    });
  });
}
