import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DriverRegistry } from '../drivers/driver-registry.js';
import { FakeDriver } from '../drivers/fake-driver.js';
import { invalidParameter, kindOf } from '../errors/index.js';
import { MemoryStore } from '../store/memory-store.js';
import type { EventMessage } from '../types/index.js';
import { EventBus } from './event-bus.js';
import { generateVolumeId } from './volume-id.js';
import { anonymousLabel, VolumeService } from './volume-service.js';

const v150 = { apiVersion: '1.50' };
const v141 = { apiVersion: '1.41' };

function setup() {
  const store = new MemoryStore();
  const drivers = new DriverRegistry();
  const local = new FakeDriver('local');
  const other = new FakeDriver('other');
  drivers.register(local);
  drivers.register(other);
  const events = new EventBus();
  const seen: EventMessage[] = [];
  events.subscribe({ filters: {} }, (e) => seen.push(e));
  const svc = new VolumeService({ store, drivers, events });
  svc.init();
  return { store, drivers, local, other, events, seen, svc };
}

async function errorOf(p: Promise<unknown> | (() => unknown)): Promise<Error> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

describe('VolumeService', () => {
  let t: ReturnType<typeof setup>;
  beforeEach(() => {
    t = setup();
  });

  describe('create', () => {
    it('creates a named volume on the local driver, keeping null labels and options', async () => {
      const v = await t.svc.create({ name: 'data' }, v150);
      expect(v).toMatchObject({ name: 'data', driver: 'local', labels: null, options: null, refs: [] });
      expect(t.store.getVolume('data')).toMatchObject({ name: 'data', driver: 'local', labels: null });
      expect(t.seen.map((e) => [e.Action, e.Actor.ID, e.Actor.Attributes])).toEqual([
        ['create', 'data', { driver: 'local' }],
      ]);
    });

    it('returns the existing volume unchanged for a repeated create, without a new event (v23+)', async () => {
      await t.svc.create({ name: 'data', labels: { a: '1' } }, v150);
      const again = await t.svc.create({ name: 'data', labels: { b: '2' }, driverOpts: { junk: 'x' } }, v150);
      expect(again.labels).toEqual({ a: '1' });
      expect(t.seen.filter((e) => e.Action === 'create')).toHaveLength(1);
    });

    it('emits create on every call at API ≤ 1.41, as dockerd 20.10 did', async () => {
      await t.svc.create({ name: 'data' }, v141);
      await t.svc.create({ name: 'data' }, v141);
      expect(t.seen.filter((e) => e.Action === 'create')).toHaveLength(2);
    });

    it('names anonymous volumes with 64 hex and labels them at API ≥ 1.42 only', async () => {
      const a = await t.svc.create({ labels: { x: 'y' } }, v150);
      expect(a.name).toMatch(/^[0-9a-f]{64}$/);
      expect(a.labels).toEqual({ x: 'y', [anonymousLabel]: '' });
      const b = await t.svc.create({}, v141);
      expect(b.labels).toBeNull();
      expect(b.name).not.toBe(a.name);
    });

    it('refuses the same name on another existing driver with 409 and Docker’s text', async () => {
      await t.svc.create({ name: 'data' }, v150);
      const err = await errorOf(t.svc.create({ name: 'data', driver: 'other' }, v150));
      expect(err.message).toBe(
        "create data: driver 'local' already has volume 'data': volume name must be unique",
      );
      expect(kindOf(err)).toBe('conflict');
    });

    it('reports an unknown driver as a plugin lookup failure (404), even for an existing name', async () => {
      await t.svc.create({ name: 'data' }, v150);
      for (const name of ['data', 'fresh']) {
        const err = await errorOf(t.svc.create({ name, driver: 'nosuch' }, v150));
        expect(err.message).toBe(
          `create ${name}: error looking up volume plugin nosuch: plugin "nosuch" not found`,
        );
        expect(kindOf(err)).toBe('not-found');
      }
    });

    it('matches built-in driver names exactly (local:latest is no driver)', async () => {
      const err = await errorOf(t.svc.create({ name: 'data', driver: 'local:latest' }, v150));
      expect(err.message).toBe(
        'create data: error looking up volume plugin local:latest: plugin "local:latest" not found',
      );
    });

    it('purges a record whose volume vanished from its driver and creates anew', async () => {
      await t.svc.create({ name: 'data', driver: 'other' }, v150);
      t.other.vanish('data');
      const v = await t.svc.create({ name: 'data', driver: 'local' }, v150);
      expect(v.driver).toBe('local');
    });

    it('wraps driver errors as create <name>: <cause> and stores nothing', async () => {
      const err = await errorOf(t.svc.create({ name: 'bad', driverOpts: { fail: 'nope' } }, v150));
      expect(err.message).toBe('create bad: nope');
      expect(kindOf(err)).toBe('invalid-parameter');
      expect(t.store.getVolume('bad')).toBeUndefined();
    });
  });

  describe('get and list', () => {
    beforeEach(async () => {
      await t.svc.create({ name: 'dossier-a', labels: { a: '1', c: '' } }, v150);
      await t.svc.create({ name: 'dossier-b', labels: { a: '2' } }, v150);
      await t.svc.create({ name: 'other-c', driver: 'other' }, v150);
      t.svc.acquire('dossier-b', 'ctr1');
    });
    const names = (q: Record<string, string[]>, ctx = v150) =>
      t.svc
        .list(q, ctx)
        .map((v) => v.name)
        .sort();

    it('says get <name>: no such volume (404) for a missing name', () => {
      const err = (() => {
        try {
          t.svc.get('nope');
        } catch (e) {
          return e as Error;
        }
        throw new Error('no error');
      })();
      expect(err.message).toBe('get nope: no such volume');
      expect(kindOf(err)).toBe('not-found');
    });

    it('filters by name as an unanchored regexp, OR across values', () => {
      expect(names({ name: ['dossier-[ab]'] })).toEqual(['dossier-a', 'dossier-b']);
      expect(names({ name: ['^other'] })).toEqual(['other-c']);
      expect(names({ name: ['('] })).toEqual([]);
      expect(names({ name: ['-a$', 'c$'] })).toEqual(['dossier-a', 'other-c']);
    });

    it('filters by exact driver name', () => {
      expect(names({ driver: ['other'] })).toEqual(['other-c']);
      expect(names({ driver: ['loca'] })).toEqual([]);
    });

    it('ANDs label filters; key alone tests presence', () => {
      expect(names({ label: ['a'] })).toEqual(['dossier-a', 'dossier-b']);
      expect(names({ label: ['a=1'] })).toEqual(['dossier-a']);
      expect(names({ label: ['a', 'c='] })).toEqual(['dossier-a']);
      expect(names({ label: ['a:1'] })).toEqual([]);
    });

    it('filters dangling volumes by references', () => {
      expect(names({ dangling: ['true'] })).toEqual(['dossier-a', 'other-c']);
      expect(names({ dangling: ['0'] })).toEqual(['dossier-b']);
    });

    it('refuses unknown keys and bad booleans with the version’s texts', () => {
      expect(() => t.svc.list({ foo: ['1'] }, v150)).toThrow("invalid filter 'foo'");
      expect(() => t.svc.list({ foo: ['1'] }, v141)).toThrow("Invalid filter 'foo'");
      expect(() => t.svc.list({ 'label!': ['a'] }, v150)).toThrow("invalid filter 'label!'");
      expect(() => t.svc.list({ dangling: ['maybe'] }, v150)).toThrow("invalid filter 'dangling=[maybe]'");
      expect(() => t.svc.list({ dangling: ['true', 'false'] }, v150)).toThrow(
        "invalid filter 'dangling=[true false]'",
      );
      expect(names({ dangling: ['true', 'false'] }, v141)).toEqual(['dossier-a', 'other-c']);
    });
  });

  describe('remove', () => {
    it('removes and emits destroy', async () => {
      await t.svc.create({ name: 'data' }, v150);
      await t.svc.remove('data', { force: false });
      expect(t.store.getVolume('data')).toBeUndefined();
      expect(t.local.get('data')).toBeUndefined();
      expect(t.seen.at(-1)).toMatchObject({
        Action: 'destroy',
        Actor: { ID: 'data', Attributes: { driver: 'local' } },
      });
    });

    it('says get <name>: no such volume for a missing name unless forced', async () => {
      const err = await errorOf(t.svc.remove('nope', { force: false }));
      expect(err.message).toBe('get nope: no such volume');
      await expect(t.svc.remove('nope', { force: true })).resolves.toBeUndefined();
    });

    it('refuses a referenced volume with every full reference, even when forced', async () => {
      await t.svc.create({ name: 'data' }, v150);
      const id1 = generateVolumeId();
      const id2 = generateVolumeId();
      t.svc.acquire('data', id1);
      t.svc.acquire('data', id2);
      for (const force of [false, true]) {
        const err = await errorOf(t.svc.remove('data', { force }));
        expect(err.message).toBe(`remove data: volume is in use - [${id1}, ${id2}]`);
        expect(kindOf(err)).toBe('conflict');
      }
      t.svc.release('data', id1);
      t.svc.release('data', id2);
      await t.svc.remove('data', { force: false });
    });

    it('keeps the volume when its driver fails, but purges it when forced', async () => {
      await t.svc.create({ name: 'data' }, v150);
      await t.local.mount('data', 'm1');
      const err = await errorOf(t.svc.remove('data', { force: false }));
      expect(err.message).toBe('remove data: volume has active mounts');
      expect(t.store.getVolume('data')).toBeDefined();
      await errorOf(t.svc.remove('data', { force: true }));
      expect(t.store.getVolume('data')).toBeUndefined();
    });
  });

  describe('prune', () => {
    beforeEach(async () => {
      await t.svc.create({ name: 'named' }, v150);
      await t.svc.create({ name: 'with-opts', driverOpts: { size: '0' } }, v150);
      await t.svc.create({ name: 'used', labels: { keep: 'no' } }, v150);
      await t.svc.create({ name: 'other-drv', driver: 'other' }, v150);
      t.svc.acquire('used', 'ctr');
    });

    it('removes only unused anonymous local volumes at API ≥ 1.42', async () => {
      const anon = await t.svc.create({}, v150);
      const res = await t.svc.prune({}, v150);
      expect(res.deleted).toEqual([anon.name]);
      const kinds = t.seen.slice(-2).map((e) => [e.Action, e.Actor.ID]);
      expect(kinds).toEqual([
        ['destroy', anon.name],
        ['prune', ''],
      ]);
      expect(t.seen.at(-1)?.Actor.Attributes).toEqual({ reclaimed: '0' });
    });

    it('with all=true removes named ones too, never used, optioned or foreign-driver ones', async () => {
      const res = await t.svc.prune({ all: ['true'] }, v150);
      expect(res.deleted.sort()).toEqual(['named']);
    });

    it('prunes every unused local volume at API < 1.42, and emits no destroy', async () => {
      const before = t.seen.length;
      const res = await t.svc.prune({}, v141);
      expect(res.deleted).toEqual(['named']);
      expect(t.seen.slice(before).map((e) => e.Action)).toEqual(['prune']);
    });

    it('applies label and label! filters', async () => {
      await t.svc.create({ name: 'la', labels: { a: '' } }, v150);
      await t.svc.create({ name: 'lb', labels: { b: '' } }, v150);
      await t.svc.create({ name: 'lab', labels: { a: '', b: '' } }, v150);
      const res = await t.svc.prune({ all: ['1'], 'label!': ['a', 'b'] }, v150);
      expect(res.deleted.sort()).toEqual(['la', 'lb', 'named']);
      const res2 = await t.svc.prune({ all: ['1'], label: ['a', 'b'] }, v150);
      expect(res2.deleted).toEqual(['lab']);
    });

    it('refuses bad filters with Docker’s texts', async () => {
      await expect(t.svc.prune({ dangling: ['1'] }, v150)).rejects.toThrow("invalid filter 'dangling'");
      await expect(t.svc.prune({ all: ['1'] }, v141)).rejects.toThrow("Invalid filter 'all'");
      await expect(t.svc.prune({ all: ['1', '0'] }, v150)).rejects.toThrow(
        "invalid filter 'all=[1 0]': only one value is expected",
      );
      await expect(t.svc.prune({ all: ['maybe'] }, v150)).rejects.toThrow(
        `invalid filter 'all': strconv.ParseBool: parsing "maybe": invalid syntax`,
      );
    });

    it('refuses a second prune while one runs', async () => {
      const first = t.svc.prune({ all: ['1'] }, v150);
      const err = await errorOf(t.svc.prune({}, v150));
      expect(err.message).toBe('a prune operation is already running');
      expect(kindOf(err)).toBe('conflict');
      await first;
    });
  });

  describe('start-up reconciliation', () => {
    it('drops records whose volume is gone and adopts volumes found without a record', async () => {
      await t.svc.create({ name: 'gone', labels: { k: 'v' } }, v150);
      await t.svc.create({ name: 'kept', labels: { k: 'v' } }, v150);
      t.local.vanish('gone');
      await t.local.create('stray', null);
      const again = new VolumeService({ store: t.store, drivers: t.drivers, events: new EventBus() });
      again.init();
      expect(
        again
          .list({}, v150)
          .map((v) => v.name)
          .sort(),
      ).toEqual(['kept', 'stray']);
      expect(again.get('kept').labels).toEqual({ k: 'v' });
      expect(again.get('stray').labels).toBeNull();
      expect(t.store.getVolume('gone')).toBeUndefined();
    });

    it('restores references from the catalog', async () => {
      await t.svc.create({ name: 'data' }, v150);
      t.svc.acquire('data', 'c1');
      const again = new VolumeService({ store: t.store, drivers: t.drivers, events: new EventBus() });
      again.init();
      expect(again.get('data').refs).toEqual(['c1']);
    });
  });

  describe('rename', () => {
    const relaunch = (): VolumeService => {
      const again = new VolumeService({ store: t.store, drivers: t.drivers, events: new EventBus() });
      again.init();
      return again;
    };

    it('moves the record, labels, options and createdAt, and emits rename with oldName', async () => {
      const made = await t.svc.create(
        { name: 'old', labels: { [anonymousLabel]: '', a: '1' }, driverOpts: { o: 'x' } },
        v150,
      );
      const gen = t.svc.generation;
      const v = await t.svc.rename('old', 'new');
      expect(v).toMatchObject({
        name: 'new',
        labels: { [anonymousLabel]: '', a: '1' },
        options: { o: 'x' },
        createdAt: made.createdAt,
        mountpoint: t.local.path('new'),
        refs: [],
      });
      expect(t.svc.generation).not.toBe(gen);
      expect(t.store.getVolume('old')).toBeUndefined();
      expect(t.store.getVolume('new')).toMatchObject({ labels: v.labels, options: v.options });
      expect(t.local.get('old')).toBeUndefined();
      expect(t.svc.list({ label: [anonymousLabel] }, v150).map((x) => x.name)).toEqual(['new']);
      expect(errorOf(() => t.svc.get('old'))).resolves.toMatchObject({ message: 'get old: no such volume' });
      expect(t.seen.at(-1)).toMatchObject({
        Action: 'rename',
        Actor: { ID: 'new', Attributes: { driver: 'local', oldName: 'old' } },
      });
      expect(relaunch().get('new').labels).toEqual(v.labels);
    });

    it('refuses with 404, 400 and 409, changing nothing', async () => {
      await t.svc.create({ name: 'old', labels: { a: '1' } }, v150);
      await t.svc.create({ name: 'taken' }, v150);
      await t.svc.create({ name: 'plug', driver: 'other' }, v150);
      const cases: Array<[string, string, string, string]> = [
        ['ghost', 'x2', 'not-found', 'get ghost: no such volume'],
        ['old', 'taken', 'conflict', 'volume taken already exists'],
        ['old', 'old', 'conflict', 'volume old already exists'],
        ['old', 'plug', 'conflict', 'volume plug already exists'],
        ['old', '', 'invalid-parameter', 'rename old: the new name may not be empty'],
      ];
      for (const [from, to, kind, message] of cases) {
        const err = await errorOf(t.svc.rename(from, to));
        expect([kindOf(err), err.message]).toEqual([kind, message]);
      }
      expect(
        t.store
          .listVolumes()
          .map((r) => r.name)
          .sort(),
      ).toEqual(['old', 'plug', 'taken']);
      expect(t.svc.get('old').labels).toEqual({ a: '1' });
    });

    it('gives create’s text for a name the driver refuses, under the rename', async () => {
      await t.svc.create({ name: 'old' }, v150);
      const createErr = await errorOf(t.svc.create({ name: 'bad', driverOpts: { fail: 'bad name' } }, v150));
      t.local.rename = async () => {
        throw invalidParameter('bad name');
      };
      const err = await errorOf(t.svc.rename('old', 'bad'));
      expect([kindOf(err), err.message]).toEqual([
        'invalid-parameter',
        createErr.message.replace(/^create bad:/, 'rename old:'),
      ]);
      expect(t.store.getVolume('bad')).toBeUndefined();
      expect(t.svc.get('old').name).toBe('old');
    });

    it('refuses a driver that cannot rename with 400', async () => {
      t.drivers.register(new FakeDriver('plugin', { canRename: false }));
      await t.svc.create({ name: 'pv', driver: 'plugin' }, v150);
      const err = await errorOf(t.svc.rename('pv', 'pv2'));
      expect(kindOf(err)).toBe('invalid-parameter');
      expect(err.message).toBe(
        "rename pv: volume driver 'plugin' cannot rename volumes; only local volumes can be renamed",
      );
    });

    it('refuses a referenced volume, naming every container id and the known names', async () => {
      await t.svc.create({ name: 'old' }, v150);
      const id1 = generateVolumeId();
      const id2 = generateVolumeId();
      t.store.putContainer({ id: id1, name: 'web', record: {} });
      t.svc.acquire('old', id1);
      t.svc.acquire('old', id2);
      const err = await errorOf(t.svc.rename('old', 'new'));
      expect(kindOf(err)).toBe('conflict');
      expect(err.message).toBe(`volume old is in use by container(s): ${id1}, ${id2} (names: web)`);
      expect(t.store.getVolume('new')).toBeUndefined();
    });

    it('refuses a volume mounted right now (409 in use), keeping the old name', async () => {
      await t.svc.create({ name: 'old' }, v150);
      await t.local.mount('old', 'm1');
      const err = await errorOf(t.svc.rename('old', 'new'));
      expect(kindOf(err)).toBe('conflict');
      expect(err.message).toBe('volume old is in use: volume has active mounts');
      expect(t.store.getVolume('new')).toBeUndefined();
      expect(t.local.get('old')).toBeDefined();
    });

    it('takes no new reference while the move is under way', async () => {
      await t.svc.create({ name: 'old' }, v150);
      const move = t.local.rename?.bind(t.local);
      let refused: Error | undefined;
      t.local.rename = async (from: string, to: string) => {
        refused = await errorOf(() => t.svc.acquire('old', 'c1'));
        return move!(from, to);
      };
      await t.svc.rename('old', 'new');
      expect(refused?.message).toBe('volume old is being renamed');
      expect(t.svc.get('new').refs).toEqual([]);
    });

    it('serialises with create of the new name and survives opposite renames without deadlock', async () => {
      await t.svc.create({ name: 'aa' }, v150);
      const [renamed, created] = await Promise.allSettled([
        t.svc.rename('aa', 'bb'),
        t.svc.create({ name: 'bb', labels: { late: '1' } }, v150),
      ]);
      // The create took the name first; the rename then finds it taken.
      expect(created).toMatchObject({ status: 'fulfilled', value: { name: 'bb', labels: { late: '1' } } });
      expect(renamed).toMatchObject({ status: 'rejected', reason: { message: 'volume bb already exists' } });
      await t.svc.remove('bb', { force: false });
      const both = await Promise.allSettled([t.svc.rename('aa', 'bb'), t.svc.rename('bb', 'aa')]);
      expect(both.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
      expect(t.store.listVolumes().map((r) => r.name)).toEqual(['aa']);
    });

    /**
     * A crash is simulated by a store that stops writing at a chosen moment (nothing after it is
     * written, as after kill -9); a fresh service then starts on what was written.
     */
    it.each([
      ['before the directory moved', 'old', false],
      ['after the directory moved', 'new', true],
    ])('a crash %s leaves only %s, with its labels', async (_when, survivor, afterMove) => {
      await t.svc.create({ name: 'old', labels: { a: '1' }, driverOpts: { o: 'x' } }, v150);
      const move = t.local.rename?.bind(t.local);
      const crash = (): void => {
        const dead = (): never => {
          throw new Error('crashed');
        };
        vi.spyOn(t.store, 'putVolume').mockImplementation(dead);
        vi.spyOn(t.store, 'deleteVolume').mockImplementation(dead);
      };
      t.local.rename = async (from: string, to: string) => {
        if (!afterMove) {
          crash();
          throw new Error('crashed');
        }
        const moved = await move!(from, to);
        crash();
        return moved;
      };
      await t.svc.rename('old', 'new').catch(() => undefined);
      vi.restoreAllMocks();
      const again = relaunch();
      expect(again.list({}, v150).map((v) => v.name)).toEqual([survivor]);
      expect(t.store.listVolumes().map((r) => r.name)).toEqual([survivor]);
      expect(again.get(survivor)).toMatchObject({ labels: { a: '1' }, options: { o: 'x' } });
    });
  });

  describe('updateLabels', () => {
    const fixedLabelText = `the label "${anonymousLabel}" marks an anonymous volume and cannot be changed or removed`;
    it('adds, replaces and removes labels, writes the catalog and emits update with the keys', async () => {
      await t.svc.create({ name: 'v', driver: 'other', labels: { keep: '1', old: 'x', gone: 'y' } }, v150);
      t.svc.acquire('v', 'c1');
      const v = await t.svc.updateLabels('v', {
        add: { old: 'new', fresh: '' },
        remove: ['gone', 'missing'],
      });
      const labels = { keep: '1', old: 'new', fresh: '' };
      expect(v).toMatchObject({ name: 'v', driver: 'other', labels, refs: ['c1'] });
      expect(t.store.getVolume('v')?.labels).toEqual(labels);
      expect(t.store.listRefs().get('v')).toEqual(['c1']);
      expect(t.svc.list({ label: ['old=new'] }, v150).map((x) => x.name)).toEqual(['v']);
      expect(t.svc.list({ label: ['gone'] }, v150)).toEqual([]);
      expect(t.seen.at(-1)).toMatchObject({
        Type: 'volume',
        Action: 'update',
        Actor: { ID: 'v', Attributes: { driver: 'other', labelsAdded: 'fresh,old', labelsRemoved: 'gone' } },
      });
    });

    it('changes nothing and emits nothing for an edit that changes nothing; removing all gives null', async () => {
      await t.svc.create({ name: 'v', labels: { a: '1' } }, v150);
      const before = t.seen.length;
      await t.svc.updateLabels('v', { add: { a: '1' }, remove: ['b'] });
      expect(t.seen).toHaveLength(before);
      expect((await t.svc.updateLabels('v', { remove: ['a'] })).labels).toBeNull();
      expect(t.store.getVolume('v')?.labels).toBeNull();
    });

    it.each([
      [{ add: { '': 'v' } }, "invalid label '=v': empty name"],
      [{ add: { 'a b': 'v' } }, "label 'a b' contains whitespaces"],
      [{ remove: [' '] }, "invalid label ' ': empty name"],
      [{ add: { [anonymousLabel]: '' } }, fixedLabelText],
      [{ remove: [anonymousLabel] }, fixedLabelText],
      [{ add: { k: 'v' }, remove: ['k'] }, 'label "k" cannot be both added and removed'],
    ])('refuses %j with 400 and changes nothing', async (change, text) => {
      const anon = await t.svc.create({}, v150);
      const err = await errorOf(t.svc.updateLabels(anon.name, change));
      expect([kindOf(err), err.message]).toEqual(['invalid-parameter', text]);
      expect(t.svc.get(anon.name).labels).toEqual({ [anonymousLabel]: '' });
    });

    it('answers an unknown volume as get does', async () => {
      const err = await errorOf(t.svc.updateLabels('nope', { add: { a: '1' } }));
      expect([kindOf(err), err.message]).toEqual(['not-found', 'get nope: no such volume']);
    });
  });
});
