import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DriverRegistry } from '../drivers/driver-registry.js';
import { FakeDriver } from '../drivers/fake-driver.js';
import { invalidParameter, kindOf } from '../errors/index.js';
import { MemoryStore } from '../store/memory-store.js';
import { EventBus } from './event-bus.js';
import { VolumeService } from './volume-service.js';
import type { ContainerDirectory, VolumeUser } from './volume-users.js';

const v150 = { apiVersion: '1.50' };
const idA = 'a'.repeat(64);
const idB = 'b'.repeat(64);
const idC = 'c'.repeat(62) + 'dd';

function setup(store = new MemoryStore(), local = new FakeDriver('local')) {
  const drivers = new DriverRegistry();
  drivers.register(local);
  const svc = new VolumeService({ store, drivers, events: new EventBus() });
  svc.init();
  return { store, local, svc };
}

/** Docker's lookup over a fixed set: id, name (with or without `/`), unique id prefix. */
function directory(users: VolumeUser[]): ContainerDirectory {
  return {
    find(ref) {
      const exact = users.find((u) => u.id === ref || u.name === ref.replace(/^\//, ''));
      if (exact) return exact;
      const matches = users.filter((u) => u.id.startsWith(ref));
      if (matches.length > 1) throw invalidParameter(`multiple IDs found with provided prefix: ${ref}`);
      return matches[0];
    },
  };
}

/** `web` (idA) runs, `db` (idB) does not. */
const webAndDb = directory([
  { id: idA, name: 'web', running: true },
  { id: idB, name: 'db', running: false },
]);

describe('VolumeService: who uses a volume', () => {
  let t: ReturnType<typeof setup>;
  beforeEach(() => {
    t = setup();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('names the referencing containers, sorted by name, with their running state', async () => {
    await t.svc.create({ name: 'data' }, v150);
    t.svc.setContainers(webAndDb);
    t.svc.acquire('data', idA);
    t.svc.acquire('data', idB);
    t.svc.acquire('data', idC);
    expect(t.svc.usedBy('data')).toEqual([
      { id: idC, name: '', running: false },
      { id: idB, name: 'db', running: false },
      { id: idA, name: 'web', running: true },
    ]);
    t.svc.release('data', idB);
    expect(t.svc.usedBy('data').map((u) => u.name)).toEqual(['', 'web']);
  });

  it('knows the catalog’s container names before the containers are handed in', async () => {
    await t.svc.create({ name: 'data' }, v150);
    t.store.putContainer({ id: idA, name: 'web', record: {} });
    t.svc.acquire('data', idA);
    expect(t.svc.usedBy('data')).toEqual([{ id: idA, name: 'web', running: false }]);
  });

  it('filters the list by used-by: id, name, /name or prefix, OR across values; unknown matches nothing', async () => {
    for (const name of ['one', 'two', 'free']) await t.svc.create({ name }, v150);
    t.svc.setContainers(webAndDb);
    t.svc.acquire('one', idA);
    t.svc.acquire('two', idB);
    const names = (values: string[]) =>
      t.svc
        .list({ 'used-by': values }, v150)
        .map((v) => v.name)
        .sort();
    expect(names(['web'])).toEqual(['one']);
    expect(names(['/db'])).toEqual(['two']);
    expect(names([idA])).toEqual(['one']);
    expect(names(['bbb'])).toEqual(['two']);
    expect(names(['web', 'db'])).toEqual(['one', 'two']);
    expect(names(['nosuch'])).toEqual([]);
    expect(t.svc.list({ 'used-by': ['web'], name: ['t'] }, v150)).toEqual([]);
    expect(t.svc.list({ 'used-by': ['web'] }, { apiVersion: '1.41' })).toHaveLength(1);
  });

  it('passes an ambiguous prefix’s error on', async () => {
    await t.svc.create({ name: 'one' }, v150);
    t.svc.setContainers(
      directory([
        { id: idA, name: 'web', running: true },
        { id: 'a'.repeat(63) + 'b', name: 'web2', running: true },
      ]),
    );
    let err: unknown;
    try {
      t.svc.list({ 'used-by': ['aaa'] }, v150);
    } catch (e) {
      err = e;
    }
    expect(kindOf(err)).toBe('invalid-parameter');
  });

  it('records when a volume was last mounted and unmounted, in the catalog', async () => {
    vi.useFakeTimers({ now: 1_700_000_000_000, toFake: ['Date'] });
    await t.svc.create({ name: 'data' }, v150);
    expect(t.svc.get('data').lastMountedAt).toBeUndefined();
    await t.svc.mount('data', idA);
    expect(t.svc.get('data')).toMatchObject({ lastMountedAt: 1_700_000_000_000 });
    expect(t.svc.get('data').lastUnmountedAt).toBeUndefined();
    vi.setSystemTime(1_700_000_001_000);
    await t.svc.unmount('data', idA);
    expect(t.store.getVolume('data')).toMatchObject({
      lastMountedAt: 1_700_000_000_000,
      lastUnmountedAt: 1_700_000_001_000,
    });
    vi.setSystemTime(1_700_000_002_000);
    await t.svc.mount('data', idB);
    expect(t.svc.get('data').lastMountedAt).toBe(1_700_000_002_000);
  });

  it('keeps the mount time of a running container adopted again after a restart', async () => {
    vi.useFakeTimers({ now: 1_700_000_000_000, toFake: ['Date'] });
    await t.svc.create({ name: 'data' }, v150);
    await t.svc.mount('data', idA);
    vi.setSystemTime(1_700_000_005_000);
    const again = setup(t.store, t.local);
    again.svc.setContainers(webAndDb);
    await again.svc.mount('data', idA);
    expect(again.svc.get('data').lastMountedAt).toBe(1_700_000_000_000);
    await again.svc.mount('data', idB);
    expect(again.svc.get('data').lastMountedAt).toBe(1_700_000_005_000);
    await again.svc.unmount('data', idA);
    expect(again.svc.get('data').lastUnmountedAt).toBe(1_700_000_005_000);
  });

  it('records no time when the driver fails, and keeps the times through a rename', async () => {
    await t.svc.create({ name: 'data' }, v150);
    const mount = vi.spyOn(t.local, 'mount').mockRejectedValueOnce(new Error('boom'));
    await expect(t.svc.mount('data', idA)).rejects.toThrow('boom');
    expect(t.svc.get('data').lastMountedAt).toBeUndefined();
    mount.mockRestore();
    await t.svc.mount('data', idA);
    await t.svc.unmount('data', idA);
    const before = t.svc.get('data');
    const moved = await t.svc.rename('data', 'moved');
    expect(moved.lastMountedAt).toBe(before.lastMountedAt);
    expect(moved.lastUnmountedAt).toBe(before.lastUnmountedAt);
  });
});
