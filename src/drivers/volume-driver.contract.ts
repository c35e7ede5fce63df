import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kindOf } from '../errors/index.js';
import type { VolumeDriver } from './volume-driver.js';

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

    // An in-memory driver has no second life; every persistent driver runs this.
    it.runIf(traits.persistent)('finds its volumes again after a reload', async () => {
      if (!reload) throw new Error('a persistent driver must provide reload()');
      const made = await driver.create('vol-d', null);
      const again = await reload();
      expect(again.get('vol-d')).toEqual(made);
    });
  });
}
