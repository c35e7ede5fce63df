import { describe, expect, it } from 'vitest';
import type { MeasuredSize, VolumeRecord } from '../store/metadata-store.js';
import { sizeFilterTest } from './size-filter.js';
import { VolumeSizes } from './volume-sizes.js';

/** A catalog of records, a disk of byte counts, a clock, and how often each volume was walked. */
function world(opts: { accounted?: Record<string, number> } = {}) {
  let now = 1_000_000;
  const records = new Map<string, VolumeRecord>();
  const disk = new Map<string, number>();
  const walks = new Map<string, number>();
  const gates: Array<() => void> = [];
  const touched = new Map<string, number>();
  let gated = false;
  const add = (name: string, bytes = 0): void => {
    records.set(name, { name, driver: 'local', labels: null, options: null, createdAt: now });
    disk.set(name, bytes);
  };
  const sizes = new VolumeSizes({
    walk: async (name) => {
      walks.set(name, (walks.get(name) ?? 0) + 1);
      if (gated) await new Promise<void>((r) => gates.push(r));
      return disk.get(name);
    },
    accounted: async (name) => opts.accounted?.[name],
    touchedSince: async (name, since) => (touched.get(name) ?? 0) > since,
    record: (name) => records.get(name),
    save: (name, size: MeasuredSize) => {
      const rec = records.get(name);
      if (rec) records.set(name, { ...rec, size });
    },
    now: () => now,
    busyMaxAgeMs: 5_000,
    idleMaxAgeMs: 60_000,
  });
  const touch = (name: string, field: 'lastMountedAt' | 'lastUnmountedAt'): void => {
    const rec = records.get(name);
    if (rec) records.set(name, { ...rec, [field]: now });
  };
  return {
    sizes,
    records,
    disk,
    walks,
    add,
    touch,
    tick: (ms: number) => (now += ms),
    touchTop: (name: string) => touched.set(name, now),
    gate: (on: boolean) => (gated = on),
    openGates: () => gates.splice(0).forEach((g) => g()),
  };
}

describe('VolumeSizes', () => {
  it('counts a never-counted volume when asked, then answers from the count without walking', async () => {
    const w = world();
    w.add('a', 123);
    expect(w.sizes.reading('a')).toBeUndefined();
    await w.sizes.ensure(['a']);
    expect(w.sizes.reading('a')).toEqual({ bytes: 123, measuredAt: 1_000_000, estimate: false });
    w.tick(1_000);
    await w.sizes.ensure(['a']);
    expect(w.walks.get('a')).toBe(1);
  });

  it('marks the count of a volume in use as an estimate, and counts again after the last unmount', async () => {
    const w = world();
    w.add('a', 10);
    await w.sizes.ensure(['a']);
    w.tick(10);
    w.touch('a', 'lastMountedAt');
    w.sizes.mounted('a');
    w.sizes.mounted('a');
    w.disk.set('a', 500);
    expect(w.sizes.reading('a')).toMatchObject({ bytes: 10, estimate: true });
    w.sizes.unmounted('a');
    expect(w.sizes.busy('a')).toBe(true);
    w.tick(10);
    w.touch('a', 'lastUnmountedAt');
    w.sizes.unmounted('a');
    await w.sizes.settled();
    expect(w.sizes.reading('a')).toEqual({ bytes: 500, measuredAt: 1_000_020, estimate: false });
  });

  it('recounts in the background a busy estimate older than the busy age, answering at once', async () => {
    const w = world();
    w.add('a', 1);
    await w.sizes.ensure(['a']);
    w.touch('a', 'lastMountedAt');
    w.sizes.mounted('a');
    w.disk.set('a', 2);
    w.tick(4_000);
    await w.sizes.ensure(['a']);
    expect(w.walks.get('a')).toBe(1);
    w.tick(2_000);
    w.gate(true);
    await w.sizes.ensure(['a']);
    expect(w.sizes.reading('a')?.bytes).toBe(1);
    w.openGates();
    await w.sizes.settled();
    expect(w.sizes.reading('a')).toMatchObject({ bytes: 2, estimate: true });
  });

  it('counts now an idle volume used since its count (a daemon that died while it was mounted)', async () => {
    const w = world();
    w.add('a', 1);
    await w.sizes.ensure(['a']);
    w.tick(5);
    w.touch('a', 'lastMountedAt');
    w.disk.set('a', 9);
    expect(w.sizes.reading('a')?.estimate).toBe(true);
    await w.sizes.ensure(['a']);
    expect(w.sizes.reading('a')).toMatchObject({ bytes: 9, estimate: false });
  });

  it('counts once more when asked during a count, and keeps one count per volume at a time', async () => {
    const w = world();
    w.add('a', 1);
    w.gate(true);
    const first = w.sizes.refresh('a');
    const second = w.sizes.refresh('a');
    w.disk.set('a', 7);
    await Promise.resolve();
    w.openGates();
    await new Promise((r) => setTimeout(r, 0));
    w.openGates();
    await Promise.all([first, second]);
    expect(w.walks.get('a')).toBe(2);
    expect(w.sizes.reading('a')?.bytes).toBe(7);
  });

  it('counts now an idle volume whose top directory changed since its count (writes from the host)', async () => {
    const w = world();
    w.add('a', 1);
    await w.sizes.ensure(['a']);
    w.tick(5);
    w.disk.set('a', 3);
    w.touchTop('a');
    await w.sizes.ensure(['a']);
    expect(w.sizes.reading('a')).toMatchObject({ bytes: 3, estimate: false });
    expect(w.walks.get('a')).toBe(2);
    await w.sizes.ensure(['a']);
    expect(w.walks.get('a')).toBe(2);
  });

  it('uses the backend accounting when there is one, exact and without walking', async () => {
    const w = world({ accounted: { q: 4096 } });
    w.add('q', 1);
    w.sizes.mounted('q');
    await w.sizes.ensure(['q']);
    expect(w.sizes.reading('q')).toEqual({ bytes: 4096, measuredAt: 1_000_000, estimate: false });
    expect(w.walks.get('q')).toBeUndefined();
  });

  it('keeps the last count when a walk fails, and saves nothing for a volume removed meanwhile', async () => {
    const w = world();
    w.add('a', 5);
    await w.sizes.ensure(['a']);
    w.disk.delete('a');
    w.tick(100_000);
    await w.sizes.refresh('a');
    expect(w.sizes.reading('a')?.bytes).toBe(5);
    w.gate(true);
    const counting = w.sizes.refresh('a');
    w.records.delete('a');
    w.openGates();
    await counting;
    expect(w.sizes.reading('a')).toBeUndefined();
  });

  it('moves live mounts with a rename', () => {
    const w = world();
    w.add('a');
    w.sizes.mounted('a');
    w.sizes.renamed('a', 'b');
    expect(w.sizes.busy('a')).toBe(false);
    expect(w.sizes.busy('b')).toBe(true);
  });
});

describe('sizeFilterTest', () => {
  it.each([
    [['>1kB'], 1001, true],
    [['>1kB'], 1000, false],
    [['>=1kB'], 1000, true],
    [['<1KiB'], 1023, true],
    [['<1KiB'], 1024, false],
    [['<=1.5MB'], 1_500_000, true],
    [['=0'], 0, true],
    [['0'], 1, false],
    [['>1GB', '<2GB'], 1_500_000_000, true],
    [['>1GB', '<2GB'], 2_500_000_000, false],
    [['> 10 m'], 10_000_001, true],
  ] as const)('%j against %d → %s', (values, bytes, want) => {
    expect(sizeFilterTest(values)(bytes)).toBe(want);
  });

  it('does not match a volume without a size', () => {
    expect(sizeFilterTest(['>=0'])(undefined)).toBe(false);
  });

  it.each(['big', '>', '>1XB', '=>1G', '1..2G'])('refuses %j with a clear error', (raw) => {
    expect(() => sizeFilterTest([raw])).toThrow(/invalid size filter/);
  });
});
