import { describe, expect, it, beforeEach, afterEach } from 'vitest';
import type { MetadataStore, VolumeRecord } from './metadata-store.js';

/**
 * The one suite every MetadataStore passes (SqliteStore and the MemoryStore fake alike).
 * `reopen`, when given, closes the store and opens it again on the same data (durability checks).
 */
export function runMetadataStoreContract(
  label: string,
  factory: () => { store: MetadataStore; reopen?: () => MetadataStore; cleanup?: () => void },
  traits: { durable: boolean },
): void {
  describe(`MetadataStore contract: ${label}`, () => {
    let store: MetadataStore;
    let reopen: (() => MetadataStore) | undefined;
    let cleanup: (() => void) | undefined;

    beforeEach(() => {
      ({ store, reopen, cleanup } = factory());
    });
    afterEach(() => {
      try {
        store.close();
      } catch {
        // already closed by the test
      }
      cleanup?.();
    });

    const rec = (name: string, extra: Partial<VolumeRecord> = {}): VolumeRecord => ({
      name,
      driver: 'local',
      labels: null,
      options: null,
      createdAt: 1_700_000_000_000,
      ...extra,
    });

    it('round-trips records, keeping null apart from {}', () => {
      store.putVolume(rec('a'));
      store.putVolume(rec('b', { labels: {}, options: {} }));
      store.putVolume(rec('c', { labels: { x: 'y', '': 'e' }, options: { type: 'tmpfs' }, driver: 'd2' }));
      expect(store.getVolume('a')).toEqual(rec('a'));
      expect(store.getVolume('b')?.labels).toEqual({});
      expect(store.getVolume('b')?.options).toEqual({});
      expect(store.getVolume('c')).toEqual(
        rec('c', { labels: { x: 'y', '': 'e' }, options: { type: 'tmpfs' }, driver: 'd2' }),
      );
      expect(store.getVolume('nope')).toBeUndefined();
      expect(
        store
          .listVolumes()
          .map((r) => r.name)
          .sort(),
      ).toEqual(['a', 'b', 'c']);
    });

    it('round-trips mount times, absent staying absent, and replaces them with the record', () => {
      store.putVolume(rec('a', { lastMountedAt: 1_700_000_000_123 }));
      store.putVolume(rec('b', { lastMountedAt: 1_700_000_000_123, lastUnmountedAt: 1_700_000_000_456 }));
      expect(store.getVolume('a')).toStrictEqual(rec('a', { lastMountedAt: 1_700_000_000_123 }));
      expect(store.getVolume('b')).toStrictEqual(
        rec('b', { lastMountedAt: 1_700_000_000_123, lastUnmountedAt: 1_700_000_000_456 }),
      );
      store.putVolume(rec('b', { lastMountedAt: 1_700_000_000_789 }));
      expect(store.getVolume('b')).toStrictEqual(rec('b', { lastMountedAt: 1_700_000_000_789 }));
      store.putVolume(rec('c'));
      expect(store.getVolume('c')).toStrictEqual(rec('c'));
    });

    it('round-trips the measured size, absent staying absent, and replaces it with the record', () => {
      store.putVolume(rec('a', { size: { bytes: 12_345, measuredAt: 1_700_000_000_123 } }));
      expect(store.getVolume('a')).toStrictEqual(
        rec('a', { size: { bytes: 12_345, measuredAt: 1_700_000_000_123 } }),
      );
      const got = store.getVolume('a');
      if (got?.size) got.size.bytes = 1;
      expect(store.getVolume('a')?.size?.bytes).toBe(12_345);
      store.putVolume(rec('a'));
      expect(store.getVolume('a')).toStrictEqual(rec('a'));
    });

    it('returns copies: mutating a result does not change the store', () => {
      store.putVolume(rec('a', { labels: { k: 'v' } }));
      const got = store.getVolume('a');
      if (got?.labels) got.labels.k = 'changed';
      expect(store.getVolume('a')?.labels).toEqual({ k: 'v' });
    });

    it('replaces a record with the same name', () => {
      store.putVolume(rec('a'));
      store.putVolume(rec('a', { labels: { n: '2' } }));
      expect(store.listVolumes()).toHaveLength(1);
      expect(store.getVolume('a')?.labels).toEqual({ n: '2' });
    });

    it('keeps the references of a volume whose record is replaced (label edits)', () => {
      store.putVolume(rec('a'));
      store.addRef('a', 'c1');
      store.putVolume(rec('a', { labels: { n: '2' } }));
      expect(store.listRefs().get('a')).toEqual(['c1']);
    });

    it('deletes records and reports whether there was one', () => {
      store.putVolume(rec('a'));
      expect(store.deleteVolume('a')).toBe(true);
      expect(store.deleteVolume('a')).toBe(false);
      expect(store.getVolume('a')).toBeUndefined();
    });

    it('keeps reference sets per volume, idempotently, and drops them with the volume', () => {
      store.putVolume(rec('a'));
      store.putVolume(rec('b'));
      store.addRef('a', 'c1');
      store.addRef('a', 'c2');
      store.addRef('a', 'c1');
      store.addRef('b', 'c1');
      expect(store.listRefs()).toEqual(
        new Map([
          ['a', ['c1', 'c2']],
          ['b', ['c1']],
        ]),
      );
      store.removeRef('a', 'c1');
      store.removeRef('a', 'nope');
      expect(store.listRefs().get('a')).toEqual(['c2']);
      store.deleteVolume('a');
      expect(store.listRefs().has('a')).toBe(false);
      expect(store.listRefs().get('b')).toEqual(['c1']);
    });

    it('keeps container records by id with unique names', () => {
      store.putContainer({ id: 'c1', name: 'web', record: { State: { Status: 'created' }, n: [1, 2] } });
      store.putContainer({ id: 'c2', name: 'db', record: {} });
      expect(() => store.putContainer({ id: 'c3', name: 'web', record: {} })).toThrow();
      store.putContainer({ id: 'c1', name: 'web2', record: { State: { Status: 'running' } } });
      const rows = store.listContainers().sort((a, b) => a.id.localeCompare(b.id));
      expect(rows).toEqual([
        { id: 'c1', name: 'web2', record: { State: { Status: 'running' } } },
        { id: 'c2', name: 'db', record: {} },
      ]);
      expect(store.deleteContainer('c2')).toBe(true);
      expect(store.deleteContainer('c2')).toBe(false);
      expect(store.listContainers().map((c) => c.id)).toEqual(['c1']);
    });

    it('keeps network records by id with unique names', () => {
      const ipam = { Driver: 'default', Config: [{ Subnet: '172.18.0.0/16' }], Options: null };
      store.putNetwork({ id: 'n1', name: 'web_default', record: { ipam, labels: { a: '' } } });
      store.putNetwork({ id: 'n2', name: 'host', record: {} });
      expect(() => store.putNetwork({ id: 'n3', name: 'host', record: {} })).toThrow();
      // A container may share a network's name: the tables are apart.
      store.putContainer({ id: 'c1', name: 'host', record: {} });
      store.putNetwork({ id: 'n1', name: 'renamed', record: { ipam } });
      const rows = store.listNetworks().sort((a, b) => a.id.localeCompare(b.id));
      expect(rows).toEqual([
        { id: 'n1', name: 'renamed', record: { ipam } },
        { id: 'n2', name: 'host', record: {} },
      ]);
      expect(store.deleteNetwork('n2')).toBe(true);
      expect(store.deleteNetwork('n2')).toBe(false);
      expect(store.listNetworks().map((n) => n.id)).toEqual(['n1']);
    });

    it('returns network copies and rolls network writes back with a failed transaction', () => {
      store.putNetwork({ id: 'n1', name: 'keep', record: { labels: { k: 'v' } } });
      const got = store.listNetworks()[0];
      if (got) (got.record.labels as Record<string, string>).k = 'changed';
      expect(() =>
        store.transaction(() => {
          store.putNetwork({ id: 'n2', name: 'new', record: {} });
          store.deleteNetwork('n1');
          throw new Error('boom');
        }),
      ).toThrow('boom');
      expect(store.listNetworks()).toEqual([{ id: 'n1', name: 'keep', record: { labels: { k: 'v' } } }]);
    });

    it('refuses a reference to a volume it does not hold', () => {
      expect(() => store.addRef('ghost', 'c1')).toThrow();
    });

    it('rolls back every write of a failed transaction', () => {
      store.putVolume(rec('keep'));
      expect(() =>
        store.transaction(() => {
          store.putVolume(rec('new'));
          store.deleteVolume('keep');
          throw new Error('boom');
        }),
      ).toThrow('boom');
      expect(store.getVolume('keep')).toBeDefined();
      expect(store.getVolume('new')).toBeUndefined();
      expect(store.transaction(() => (store.putVolume(rec('t')), 42))).toBe(42);
      expect(store.getVolume('t')).toBeDefined();
    });

    // A fake has no second life to reopen into; every durable store runs this.
    it.runIf(traits.durable)('keeps what was written across a reopen', () => {
      if (!reopen) throw new Error('a durable store must provide reopen()');
      store.putVolume(rec('a', { labels: { k: 'v' }, options: {} }));
      store.addRef('a', 'c1');
      store.putNetwork({ id: 'n1', name: 'net', record: { labels: { k: 'v' } } });
      store.close();
      store = reopen();
      expect(store.getVolume('a')).toEqual(rec('a', { labels: { k: 'v' }, options: {} }));
      expect(store.listRefs().get('a')).toEqual(['c1']);
      expect(store.listNetworks()).toEqual([{ id: 'n1', name: 'net', record: { labels: { k: 'v' } } }]);
    });
  });
}
