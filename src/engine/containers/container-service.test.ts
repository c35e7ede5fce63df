import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DriverRegistry } from '../../drivers/driver-registry.js';
import { FakeDriver } from '../../drivers/fake-driver.js';
import { kindOf } from '../../errors/index.js';
import { createFakeImageStore } from '../../images/fake-image-store.js';
import { FakeRuntime } from '../../runtime/fake-runtime.js';
import { MemoryStore } from '../../store/memory-store.js';
import type { EventMessage } from '../../types/index.js';
import { EventBus } from '../event-bus.js';
import { VolumeService } from '../volume-service.js';
import { ContainerService } from './container-service.js';

/** An empty tar archive: two zero blocks. */
const emptyTar = (): Readable => Readable.from([Buffer.alloc(1024)]);

async function setup() {
  const store = new MemoryStore();
  const drivers = new DriverRegistry();
  drivers.register(new FakeDriver('local'));
  const events = new EventBus();
  const seen: EventMessage[] = [];
  events.subscribe({ filters: {} }, (e) => seen.push(e));
  const volumes = new VolumeService({ store, drivers, events });
  volumes.init();
  const images = createFakeImageStore();
  await images.importTar(emptyTar(), { ref: 'busybox:local', changes: ['CMD ["sh"]', 'VOLUME /image-vol'] });
  const runtime = new FakeRuntime();
  const containers = new ContainerService({
    store,
    volumes,
    images,
    runtime,
    events,
    dataRoot: '/nonexistent-root',
  });
  await containers.init();
  return { store, drivers, volumes, images, runtime, containers, events, seen };
}

async function errorOf(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('ContainerService', () => {
  let t: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    t = await setup();
  });
  afterEach(async () => {
    for (const c of t.containers.list({}, { all: true }))
      await t.containers.remove(c.Id, { force: true, volumes: true });
  });

  const create = (config: Record<string, unknown>, hostConfig: Record<string, unknown> = {}, name?: string) =>
    t.containers.create({
      ...(name ? { name } : {}),
      config: { Image: 'busybox:local', ...config },
      hostConfig,
    });

  it('creates a container with a generated name, its image config merged, volumes referenced', async () => {
    const { id, warnings } = await create({ Cmd: ['sh', '-c', 'echo hi'] }, { Binds: ['data:/data'] });
    expect(warnings).toEqual([]);
    const rec = t.containers.resolve(id);
    expect(rec.Name).toMatch(/^\/[a-z]+_[a-z]+$/);
    expect(rec.Path).toBe('sh');
    expect(rec.Args).toEqual(['-c', 'echo hi']);
    expect(rec.State.Status).toBe('created');
    expect(Object.keys(rec.MountPoints).sort()).toEqual(['/data', '/image-vol']);
    expect(rec.MountPoints['/data']).toMatchObject({ Type: 'volume', Name: 'data', Mode: 'z', RW: true });
    expect(t.volumes.get('data').refs).toEqual([id]);
    const anon = rec.MountPoints['/image-vol']?.Name ?? '';
    expect(t.volumes.get(anon).refs).toEqual([id]);
    expect(t.seen.filter((e) => e.Type === 'container').map((e) => e.Action)).toEqual(['create']);
  });

  it('finds containers by id, id prefix and name, and says No such container otherwise', async () => {
    const { id } = await create({ Cmd: ['true'] }, {}, 'web');
    expect(t.containers.resolve(id.slice(0, 6)).Id).toBe(id);
    expect(t.containers.resolve('web').Id).toBe(id);
    expect(t.containers.resolve('/web').Id).toBe(id);
    expect(() => t.containers.resolve('nope')).toThrow('No such container: nope');
  });

  it('refuses a taken name with Docker’s conflict text', async () => {
    const { id } = await create({ Cmd: ['true'] }, {}, 'web');
    const err = await errorOf(create({ Cmd: ['true'] }, {}, 'web'));
    expect(err.message).toBe(
      `Conflict. The container name "/web" is already in use by container "${id}". You have to remove (or rename) that container to be able to reuse that name.`,
    );
    expect(kindOf(err)).toBe('conflict');
  });

  it('says No such image for an unknown image', async () => {
    const err = await errorOf(t.containers.create({ config: { Image: 'ghost:1' } }));
    expect(err.message).toBe('No such image: ghost:1');
    expect(kindOf(err)).toBe('not-found');
  });

  it('runs to completion: mount and unmount events around start and exit, exit code kept', async () => {
    const { id } = await create({ Cmd: ['sh', '-c', 'exit 3'] }, { Binds: ['data:/data'] });
    const waited = t.containers.wait(id, 'next-exit');
    expect(await t.containers.start(id)).toBe(true);
    expect(await waited).toBe(3);
    await new Promise((r) => setTimeout(r, 20));
    const rec = t.containers.resolve(id);
    expect(rec.State).toMatchObject({ Status: 'exited', Running: false, ExitCode: 3 });
    const volumeActions = t.seen
      .filter((e) => e.Type === 'volume' && e.Actor.ID === 'data')
      .map((e) => e.Action);
    expect(volumeActions).toEqual(['create', 'mount', 'unmount']);
    const mount = t.seen.find((e) => e.Action === 'mount');
    expect(mount?.Actor.Attributes).toMatchObject({
      container: id,
      destination: '/data',
      'read/write': 'true',
    });
    expect(t.seen.filter((e) => e.Type === 'container').map((e) => e.Action)).toEqual([
      'create',
      'start',
      'die',
    ]);
    expect(await t.containers.wait(id)).toBe(3);
  });

  it('keeps a volume in use while any container exists, and rm -v removes only anonymous volumes', async () => {
    const { id } = await create({ Cmd: ['true'] }, { Binds: ['data:/data'] });
    const anon = t.containers.resolve(id).MountPoints['/image-vol']?.Name ?? '';
    const err = await errorOf(t.volumes.remove('data', { force: true }));
    expect(err.message).toBe(`remove data: volume is in use - [${id}]`);
    await t.containers.remove(id, { force: false, volumes: true });
    expect(() => t.volumes.get(anon)).toThrow('no such volume');
    expect(t.volumes.get('data').refs).toEqual([]);
    await t.volumes.remove('data', { force: false });
  });

  it('removes an --rm container and its anonymous volumes after it exits', async () => {
    const { id } = await create({ Cmd: ['true'] }, { AutoRemove: true, Binds: ['keep:/keep'] });
    const anon = t.containers.resolve(id).MountPoints['/image-vol']?.Name ?? '';
    const removed = t.containers.wait(id, 'removed');
    await t.containers.start(id);
    expect(await removed).toBe(0);
    expect(() => t.containers.resolve(id)).toThrow('No such container');
    expect(() => t.volumes.get(anon)).toThrow('no such volume');
    expect(t.volumes.get('keep').refs).toEqual([]);
  });

  it('refuses to remove a running container unless forced', async () => {
    const { id } = await create({ Cmd: ['sh', '-c', 'sleep 30'] }, {}, 'runner');
    await t.containers.start(id);
    const err = await errorOf(t.containers.remove(id, { force: false, volumes: false }));
    expect(err.message).toBe(
      'cannot remove container "/runner": container is running: stop the container before removing or force remove',
    );
    expect(await t.containers.start(id)).toBe(false);
    await t.containers.remove(id, { force: true, volumes: false });
    expect(() => t.containers.resolve(id)).toThrow('No such container');
  });

  it('stops with SIGTERM and falls back to SIGKILL after the timeout', async () => {
    const { id } = await create({ Cmd: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done'] });
    await t.containers.start(id);
    expect(await t.containers.stop(id, { timeout: 5 })).toBe(true);
    expect(t.containers.resolve(id).State.ExitCode).toBe(0);
    const { id: stubborn } = await create({ Cmd: ['sh', '-c', 'sleep 30'] });
    await t.containers.start(stubborn);
    expect(await t.containers.stop(stubborn, { timeout: 0 })).toBe(true);
    expect(t.containers.resolve(stubborn).State.ExitCode).toBe(137);
    expect(await t.containers.stop(stubborn)).toBe(false);
  });

  it('shares volumes with --volumes-from, read-only when asked', async () => {
    const { id: source } = await create({ Cmd: ['true'] }, { Binds: ['data:/data'] }, 'source');
    const { id } = await create({ Cmd: ['true'] }, { VolumesFrom: ['source:ro'] });
    const mp = t.containers.resolve(id).MountPoints['/data'];
    expect(mp).toMatchObject({ Name: 'data', RW: false, Mode: '' });
    expect(t.volumes.get('data').refs.sort()).toEqual([source, id].sort());
    const err = await errorOf(create({ Cmd: ['true'] }, { VolumesFrom: ['ghost'] }));
    expect(err.message).toBe('No such container: ghost');
  });

  it('refuses duplicate destinations and bad specs with Docker’s texts, taking no reference', async () => {
    expect((await errorOf(create({ Cmd: ['true'] }, { Binds: ['a1:/x', 'a2:/x'] }))).message).toBe(
      'Duplicate mount point: /x',
    );
    expect((await errorOf(create({ Cmd: ['true'] }, { Binds: ['/x:/y:bogus'] }))).message).toBe(
      'invalid mode: bogus',
    );
    expect(t.volumes.get('a1').refs).toEqual([]);
  });

  it('lists running containers by default and all with all, newest first', async () => {
    const { id: a } = await create({ Cmd: ['true'] }, {}, 'a1');
    const { id: b } = await create({ Cmd: ['sh', '-c', 'sleep 30'] }, {}, 'b1');
    await t.containers.start(b);
    expect(t.containers.list({}, { all: false }).map((c) => c.Id)).toEqual([b]);
    expect(t.containers.list({}, { all: true }).map((c) => c.Id)).toEqual([b, a]);
    expect(t.containers.list({ volume: ['/image-vol'] }, { all: true })).toHaveLength(2);
    expect(t.containers.list({ name: ['^/a'] }, { all: true }).map((c) => c.Id)).toEqual([a]);
  });

  it('after a restart makes volume references follow the records a crash left', async () => {
    const { id } = await create({ Cmd: ['true'] }, { Binds: ['data:/data'] });
    // A create that died after taking its reference, and a remove that died after dropping one.
    t.store.addRef('data', 'f'.repeat(64));
    t.store.removeRef('data', id);
    const volumes = new VolumeService({ store: t.store, drivers: t.drivers, events: t.events });
    volumes.init();
    expect(volumes.get('data').refs).toEqual(['f'.repeat(64)]);
    const again = new ContainerService({
      store: t.store,
      volumes,
      images: t.images,
      runtime: t.runtime,
      events: t.events,
      dataRoot: '/nonexistent-root',
    });
    await again.init();
    expect(volumes.get('data').refs).toEqual([id]);
    expect(again.resolve(id).State.Status).toBe('created');
  });
});
