import { beforeEach, describe, expect, it } from 'vitest';
import { DriverRegistry } from '../drivers/driver-registry.js';
import { FakeDriver } from '../drivers/fake-driver.js';
import { kindOf } from '../errors/index.js';
import { MemoryStore } from '../store/memory-store.js';
import type { EventMessage } from '../types/index.js';
import { EventBus } from './event-bus.js';
import { protectLabel } from './prune-protect.js';
import { isPlainLocal } from './volume-prune.js';
import { VolumeService } from './volume-service.js';

// Strata's safe prune: dry runs, the `until` filter and the protect label, on fakes.

const v150 = { apiVersion: '1.50' };
const v141 = { apiVersion: '1.41' };
const hour = 3_600_000;

function setup() {
  // Durations count back from the real clock: the volumes are 5, 3 and 1 hours old.
  const start = Math.floor(Date.now() / 1000) * 1000 - 5 * hour;
  let now = start;
  const local = new FakeDriver('local', { now: () => now });
  const sizes: Record<string, number> = { old: 300, mid: 20, fresh: 1 };
  Object.assign(local, { usage: (name: string) => Promise.resolve(sizes[name] ?? 0) });
  const drivers = new DriverRegistry();
  drivers.register(local);
  const events = new EventBus();
  const seen: EventMessage[] = [];
  events.subscribe({ filters: {} }, (e) => seen.push(e));
  const svc = new VolumeService({ store: new MemoryStore(), drivers, events });
  svc.init();
  return {
    svc,
    seen,
    advance: (ms: number) => (now += ms),
    iso: (ms: number) => new Date(start + ms).toISOString(),
  };
}

describe('VolumeService safe prune', () => {
  let t: ReturnType<typeof setup>;
  beforeEach(async () => {
    t = setup();
    await t.svc.create({ name: 'old' }, v150); // -5h
    t.advance(2 * hour);
    await t.svc.create({ name: 'mid' }, v150); // -3h
    await t.svc.create({ name: 'kept', labels: { [protectLabel]: 'true' } }, v150);
    await t.svc.create({ name: 'used' }, v150);
    t.svc.acquire('used', 'ctr');
    t.advance(2 * hour);
    await t.svc.create({ name: 'fresh' }, v150); // -1h
  });

  it('dry run lists with sizes what a prune then removes, removing nothing and emitting nothing', async () => {
    const before = t.seen.length;
    const dry = await t.svc.prune({ all: ['1'] }, v150, { dryRun: true });
    expect(dry).toEqual({
      deleted: ['old', 'mid', 'fresh'],
      reclaimed: 321,
      sizes: { old: 300, mid: 20, fresh: 1 },
    });
    expect(t.seen.length).toBe(before);
    expect(t.svc.list({}, v150).map((v) => v.name)).toHaveLength(5);
    const real = await t.svc.prune({ all: ['1'] }, v150);
    expect(real).toEqual({ deleted: dry.deleted, reclaimed: dry.reclaimed });
  });

  it('dry run validates filters as prune does and is not held off by a running prune', async () => {
    await expect(t.svc.prune({ dangling: ['1'] }, v150, { dryRun: true })).rejects.toThrow(
      "invalid filter 'dangling'",
    );
    const running = t.svc.prune({ all: ['1'] }, v150);
    await expect(t.svc.prune({ all: ['1'] }, v150, { dryRun: true })).resolves.toBeDefined();
    await running;
  });

  it('until keeps volumes made after the bound (durations and timestamps, inclusive)', async () => {
    const dry = (until: string, ctx = v150) =>
      t.svc
        .prune({ ...(ctx === v150 ? { all: ['1'] } : {}), until: [until] }, ctx, { dryRun: true })
        .then((r) => r.deleted);
    expect(await dry('4h')).toEqual(['old']);
    expect(await dry('2h')).toEqual(['old', 'mid']);
    expect(await dry('30m')).toEqual(['old', 'mid', 'fresh']);
    expect(await dry(t.iso(2 * hour))).toEqual(['old', 'mid']);
    expect(await dry(t.iso(2 * hour - 1000))).toEqual(['old']);
    expect(await dry(String((Date.parse(t.iso(4 * hour)) / 1000).toFixed(0)))).toEqual([
      'old',
      'mid',
      'fresh',
    ]);
    expect(await dry('2h', v141)).toEqual(['old', 'mid']);
    const res = await t.svc.prune({ all: ['1'], until: ['2h'] }, v150);
    expect(res.deleted).toEqual(['old', 'mid']);
  });

  it('refuses a bad until with Docker’s texts as a 400 at every API version', async () => {
    for (const ctx of [v150, v141]) {
      const err = await t.svc.prune({ until: ['soon'] }, ctx).catch((e: Error) => e);
      expect(kindOf(err)).toBe('invalid-parameter');
      const two = await t.svc.prune({ until: ['1h', '2h'] }, ctx).catch((e: Error) => e);
      expect(kindOf(two)).toBe('invalid-parameter');
    }
  });

  it('never prunes a protected volume, whatever the scope or API version', async () => {
    expect((await t.svc.prune({}, v141)).deleted).not.toContain('kept');
    expect((await t.svc.prune({ all: ['1'] }, v150)).deleted).not.toContain('kept');
    await t.svc.create({ name: 'also', labels: { [protectLabel]: 'TRUE' } }, v150);
    await t.svc.create({ name: 'notreally', labels: { [protectLabel]: 'no' } }, v150);
    const res = await t.svc.prune({ all: ['1'] }, v150);
    expect(res.deleted).toEqual(['notreally']);
    await t.svc.remove('kept', { force: false }); // rm is explicit: the label does not stop it
    expect(() => t.svc.get('kept')).toThrow('no such volume');
  });
});

describe('isPlainLocal', () => {
  it.each([
    [null, true],
    [{}, true],
    [{ uid: '1000', mode: '0750' }, true],
    [{ backend: 'btrfs', size: '1G' }, true],
    [{ backend: 'image' }, true],
    [{ size: '0' }, false],
    [{ backend: 'dir', size: '0' }, false],
    [{ type: 'tmpfs', device: 'tmpfs' }, false],
    [{ backend: 'dir', o: 'bind' }, false],
  ] as const)('local volume with options %j → %s', (options, want) => {
    expect(isPlainLocal({ driver: 'local', options: options === null ? null : { ...options } })).toBe(want);
  });

  it('is never true for another driver', () => {
    expect(isPlainLocal({ driver: 'sshfs', options: null })).toBe(false);
  });
});
