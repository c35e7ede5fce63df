import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DriverRegistry } from '../drivers/driver-registry.js';
import { FakeDriver } from '../drivers/fake-driver.js';
import { kindOf } from '../errors/index.js';
import { MemoryStore } from '../store/memory-store.js';
import type { EventMessage } from '../types/index.js';
import { EventBus } from './event-bus.js';
import { VolumeService } from './volume-service.js';
import type { ContainerPauser } from './volume-access.js';
import type { VolumeUser } from './volume-users.js';

// Clone and snapshots in the engine, over the fake driver (whose data is one string per volume).

const v150 = { apiVersion: '1.50' };
const web = 'a'.repeat(64);
const db = 'b'.repeat(64);

function setup() {
  const store = new MemoryStore();
  const drivers = new DriverRegistry();
  const local = new FakeDriver('local');
  drivers.register(local);
  drivers.register(new FakeDriver('plugin', { canCopy: false }));
  const events = new EventBus();
  const seen: EventMessage[] = [];
  events.subscribe({ filters: {} }, (e) => seen.push(e));
  const svc = new VolumeService({ store, drivers, events });
  svc.init();
  // `web` runs, `db` does not.
  const users: VolumeUser[] = [
    { id: web, name: 'web', running: true },
    { id: db, name: 'db', running: false },
  ];
  svc.setContainers({ find: (ref) => users.find((u) => u.id === ref || u.name === ref) });
  const log: string[] = [];
  const paused = new Set<string>();
  const pauser: ContainerPauser = {
    isPaused: (id) => paused.has(id),
    pause: async (id) => {
      log.push(`pause ${id.slice(0, 1)}`);
      paused.add(id);
    },
    unpause: async (id) => {
      log.push(`unpause ${id.slice(0, 1)}`);
      paused.delete(id);
    },
  };
  svc.setPauser(pauser);
  return { store, drivers, local, events, seen, svc, log, paused };
}

async function errorOf(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

describe('VolumeService: clone', () => {
  let t: ReturnType<typeof setup>;
  beforeEach(() => {
    t = setup();
  });

  it('copies data, driver, options and labels, the given labels laid over; emits clone', async () => {
    await t.svc.create({ name: 'src', labels: { a: '1', b: '1' }, driverOpts: { uid: '7' } }, v150);
    t.local.write('src', 'precious');
    const v = await t.svc.clone('src', { name: 'dst', labels: { b: '2', c: '3' } });
    expect(v).toMatchObject({
      name: 'dst',
      driver: 'local',
      labels: { a: '1', b: '2', c: '3' },
      options: { uid: '7' },
      refs: [],
      mountpoint: t.local.path('dst'),
    });
    expect(t.local.read('dst')).toBe('precious');
    expect(t.store.getVolume('dst')).toMatchObject({ labels: v.labels, options: v.options });
    expect(t.svc.get('src').labels).toEqual({ a: '1', b: '1' });
    expect(t.seen.at(-1)).toMatchObject({
      Action: 'clone',
      Actor: { ID: 'dst', Attributes: { driver: 'local', source: 'src' } },
    });
  });

  it('does not carry the anonymous label over: the clone has a chosen name', async () => {
    const anon = await t.svc.create({}, v150);
    const v = await t.svc.clone(anon.name, { name: 'named' });
    expect(v.labels).toBeNull();
  });

  it('refuses with 404, 400 and 409, changing nothing', async () => {
    await t.svc.create({ name: 'src' }, v150);
    await t.svc.create({ name: 'taken', labels: { k: 'v' } }, v150);
    await t.svc.create({ name: 'pv', driver: 'plugin' }, v150);
    const cases: Array<[string, string, string, string]> = [
      ['ghost', 'x2', 'not-found', 'get ghost: no such volume'],
      ['src', 'taken', 'conflict', 'volume taken already exists'],
      ['src', 'src', 'conflict', 'volume src already exists'],
      ['src', '', 'invalid-parameter', 'clone src: the new name may not be empty'],
      [
        'pv',
        'pv2',
        'invalid-parameter',
        "clone pv: volume driver 'plugin' cannot clone volumes; only local volumes can be cloned",
      ],
    ];
    for (const [from, to, kind, message] of cases) {
      const err = await errorOf(t.svc.clone(from, { name: to }));
      expect([kindOf(err), err.message], `${from} → ${to}`).toEqual([kind, message]);
    }
    expect(
      t.store
        .listVolumes()
        .map((r) => r.name)
        .sort(),
    ).toEqual(['pv', 'src', 'taken']);
    expect(t.svc.get('taken').labels).toEqual({ k: 'v' });
  });

  it('refuses a source running containers use unless paused; stopped users do not count', async () => {
    await t.svc.create({ name: 'src' }, v150);
    t.svc.acquire('src', db);
    await t.svc.clone('src', { name: 'while-stopped' });
    t.svc.acquire('src', web);
    const err = await errorOf(t.svc.clone('src', { name: 'dst' }));
    expect([kindOf(err), err.message]).toEqual([
      'conflict',
      `volume src is in use by running container(s): ${web} (names: web); pause them while it is copied (--pause)`,
    ]);
    expect(t.log).toEqual([]);
    const clone = t.local.clone?.bind(t.local);
    t.local.clone = async (s, d) => {
      t.log.push('copy');
      return clone!(s, d);
    };
    await t.svc.clone('src', { name: 'dst', pause: true });
    expect(t.log).toEqual(['pause a', 'copy', 'unpause a']);
  });

  it('leaves a container a user paused paused, and resumes the others even when the copy fails', async () => {
    await t.svc.create({ name: 'src' }, v150);
    t.svc.acquire('src', web);
    t.paused.add(web);
    await t.svc.clone('src', { name: 'dst', pause: true });
    expect(t.log).toEqual([]);
    t.paused.clear();
    t.local.clone = async () => {
      throw new Error('disk on fire');
    };
    const err = await errorOf(t.svc.clone('src', { name: 'dst2', pause: true }));
    expect(err.message).toBe('clone src: disk on fire');
    expect(t.log).toEqual(['pause a', 'unpause a']);
    expect(t.store.getVolume('dst2')).toBeUndefined();
  });

  it('refuses new references and mounts of the source while it is copied', async () => {
    await t.svc.create({ name: 'src' }, v150);
    const clone = t.local.clone?.bind(t.local);
    const refused: string[] = [];
    t.local.clone = async (s, d) => {
      refused.push((await errorOf(Promise.resolve().then(() => t.svc.acquire('src', db)))).message);
      refused.push((await errorOf(t.svc.mount('src', db))).message);
      return clone!(s, d);
    };
    await t.svc.clone('src', { name: 'dst' });
    expect(refused).toEqual(['volume src is being cloned', 'volume src is being cloned']);
    t.svc.acquire('src', db);
  });

  it.each([
    ['before the copy was published', false, []],
    ['after the copy was published', true, ['dst']],
  ])('a crash %s leaves the source and either no clone or a complete one', async (_w, published, extra) => {
    await t.svc.create({ name: 'src', labels: { a: '1' } }, v150);
    const clone = t.local.clone?.bind(t.local);
    t.local.clone = async (s, d) => {
      if (published) await clone!(s, d);
      vi.spyOn(t.store, 'putVolume').mockImplementation(() => {
        throw new Error('crashed');
      });
      vi.spyOn(t.store, 'deleteVolume').mockImplementation(() => {
        throw new Error('crashed');
      });
      throw new Error('crashed');
    };
    await t.svc.clone('src', { name: 'dst', labels: { b: '2' } }).catch(() => undefined);
    vi.restoreAllMocks();
    const again = new VolumeService({ store: t.store, drivers: t.drivers, events: new EventBus() });
    again.init();
    expect(again.list({}, v150).map((v) => v.name)).toEqual(['src', ...extra]);
    if (published) expect(again.get('dst').labels).toEqual({ a: '1', b: '2' });
  });
});

describe('VolumeService: snapshots', () => {
  let t: ReturnType<typeof setup>;
  beforeEach(() => {
    t = setup();
  });

  it('creates (named or time-stamped), lists, restores and removes; emits snapshot and restore', async () => {
    await t.svc.create({ name: 'data' }, v150);
    await t.svc.create({ name: 'other' }, v150);
    t.local.write('data', 'v1');
    const named = await t.svc.createSnapshot('data', 'first');
    expect(named).toMatchObject({ volume: 'data', name: 'first', size: 2 });
    t.local.write('data', 'v2');
    const stamped = await t.svc.createSnapshot('data');
    expect(stamped.name).toMatch(/^\d{8}T\d{6}Z$/);
    const again = await t.svc.createSnapshot('data');
    expect(again.name).toBe(`${stamped.name}-2`);
    await t.svc.createSnapshot('other', 'o1');
    expect((await t.svc.listSnapshots('data')).map((s) => s.name)).toEqual([
      'first',
      stamped.name,
      again.name,
    ]);
    expect((await t.svc.listSnapshots()).map((s) => `${s.volume}/${s.name}`)).toEqual([
      'data/first',
      `data/${stamped.name}`,
      `data/${again.name}`,
      'other/o1',
    ]);
    t.local.write('data', 'v3');
    await t.svc.restoreSnapshot('data', 'first');
    expect(t.local.read('data')).toBe('v1');
    await t.svc.removeSnapshot('data', 'first');
    expect((await t.svc.listSnapshots('data')).map((s) => s.name)).toEqual([stamped.name, again.name]);
    expect(t.seen.filter((e) => e.Action !== 'create').map((e) => [e.Action, e.Actor.Attributes])).toEqual([
      ['snapshot', { driver: 'local', snapshot: 'first' }],
      ['snapshot', { driver: 'local', snapshot: stamped.name }],
      ['snapshot', { driver: 'local', snapshot: again.name }],
      ['snapshot', { driver: 'local', snapshot: 'o1' }],
      ['restore', { driver: 'local', snapshot: 'first' }],
    ]);
  });

  it('refuses with 404, 400 and 409', async () => {
    await t.svc.create({ name: 'data' }, v150);
    await t.svc.create({ name: 'pv', driver: 'plugin' }, v150);
    await t.svc.createSnapshot('data', 'kept');
    const cases: Array<[Promise<unknown>, string, string]> = [
      [t.svc.createSnapshot('ghost', 'x1'), 'not-found', 'get ghost: no such volume'],
      [t.svc.listSnapshots('ghost'), 'not-found', 'get ghost: no such volume'],
      [t.svc.createSnapshot('data', 'kept'), 'conflict', 'snapshot kept of volume data already exists'],
      [
        t.svc.createSnapshot('data', 'bad/name'),
        'invalid-parameter',
        'snapshot data: invalid snapshot name "bad/name": only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed, at least two characters',
      ],
      [t.svc.restoreSnapshot('data', 'nope'), 'not-found', 'no such snapshot nope of volume data'],
      [t.svc.removeSnapshot('data', 'nope'), 'not-found', 'no such snapshot nope of volume data'],
      [
        t.svc.createSnapshot('pv', 'x1'),
        'invalid-parameter',
        "snapshot pv: volume driver 'plugin' cannot snapshot volumes; only local volumes have snapshots",
      ],
    ];
    for (const [p, kind, message] of cases) {
      const err = await errorOf(p);
      expect([kindOf(err), err.message]).toEqual([kind, message]);
    }
    expect((await t.svc.listSnapshots()).map((s) => s.name)).toEqual(['kept']);
  });

  it('refuses a restore while any container refers to the volume, running or not, naming them', async () => {
    await t.svc.create({ name: 'data' }, v150);
    t.local.write('data', 'old');
    await t.svc.createSnapshot('data', 'snap');
    t.local.write('data', 'new');
    t.svc.acquire('data', db);
    const err = await errorOf(t.svc.restoreSnapshot('data', 'snap'));
    expect([kindOf(err), err.message]).toEqual([
      'conflict',
      `volume data is in use by container(s): ${db} (names: db)`,
    ]);
    expect(t.local.read('data')).toBe('new');
    t.svc.release('data', db);
    await t.local.mount('data', 'by-hand');
    const mounted = await errorOf(t.svc.restoreSnapshot('data', 'snap'));
    expect([kindOf(mounted), mounted.message]).toEqual([
      'conflict',
      'volume data is in use: volume has active mounts',
    ]);
  });

  it('takes a snapshot of a volume running containers use only when paused', async () => {
    await t.svc.create({ name: 'data' }, v150);
    t.svc.acquire('data', web);
    const err = await errorOf(t.svc.createSnapshot('data', 'snap'));
    expect(kindOf(err)).toBe('conflict');
    await t.svc.createSnapshot('data', 'snap', { pause: true });
    expect(t.log).toEqual(['pause a', 'unpause a']);
  });
});
