import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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

// docker pause / unpause in the engine (moby daemon/pause.go, unpause.go), over the fake runtime.

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
  await images.importTar(Readable.from([Buffer.alloc(1024)]), {
    ref: 'busybox:local',
    changes: ['CMD ["sh"]'],
  });
  const runtime = new FakeRuntime();
  const containers = new ContainerService({
    store,
    volumes,
    images,
    runtime,
    events,
    dataRoot: '/nonexistent',
  });
  await containers.init();
  const run = async (name: string): Promise<string> => {
    const { id } = await containers.create({
      name,
      config: { Image: 'busybox:local', Cmd: ['sleep', '60'] },
    });
    await containers.start(id);
    return id;
  };
  return { store, runtime, containers, seen, run };
}

async function errorOf(p: Promise<unknown>): Promise<[string, string]> {
  try {
    await p;
  } catch (e) {
    return [kindOf(e), (e as Error).message];
  }
  throw new Error('expected an error');
}

describe('ContainerService: pause and unpause', () => {
  let t: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    t = await setup();
  });
  afterEach(async () => {
    for (const c of t.containers.list({}, { all: true })) {
      await t.containers.remove(c.Id, { force: true, volumes: true });
    }
  });

  it('pauses and unpauses: state, persisted record, events', async () => {
    const id = await t.run('web');
    await t.containers.pause('web');
    expect(t.containers.resolve(id).State).toMatchObject({ Status: 'paused', Running: true, Paused: true });
    expect(t.store.listContainers().find((c) => c.id === id)?.record).toMatchObject({
      State: { Status: 'paused', Paused: true },
    });
    await t.containers.unpause(id);
    expect(t.containers.resolve(id).State).toMatchObject({ Status: 'running', Running: true, Paused: false });
    expect(t.seen.filter((e) => e.Type === 'container').map((e) => e.Action)).toEqual([
      'create',
      'start',
      'pause',
      'unpause',
    ]);
  });

  it('refuses as moby does, with its kinds and texts', async () => {
    const id = await t.run('web');
    const { id: idle } = await t.containers.create({ name: 'idle', config: { Image: 'busybox:local' } });
    expect(await errorOf(t.containers.pause(idle))).toEqual(['conflict', `container ${idle} is not running`]);
    expect(await errorOf(t.containers.unpause(id))).toEqual(['system', `Container ${id} is not paused`]);
    await t.containers.pause(id);
    expect(await errorOf(t.containers.pause(id))).toEqual(['conflict', `Container ${id} is already paused`]);
    expect(await errorOf(t.containers.start(id))).toEqual([
      'conflict',
      'cannot start a paused container, try unpause instead',
    ]);
    expect(await errorOf(t.containers.remove(id, { force: false, volumes: false }))).toEqual([
      'conflict',
      'cannot remove container "/web": container is paused and must be unpaused first',
    ]);
    expect(await errorOf(t.containers.pause('ghost'))).toEqual(['not-found', 'No such container: ghost']);
  });

  it('a runtime failure is a server error naming the container', async () => {
    const id = await t.run('web');
    vi.spyOn(t.runtime, 'pause').mockRejectedValue(new Error('freezer says no'));
    expect(await errorOf(t.containers.pause(id))).toEqual([
      'system',
      `cannot pause container ${id}: freezer says no`,
    ]);
    expect(t.containers.resolve(id).State.Paused).toBe(false);
  });

  it('a stop or kill of a paused container thaws it, and the exit clears Paused', async () => {
    const id = await t.run('web');
    await t.containers.pause(id);
    const resume = vi.spyOn(t.runtime, 'resume');
    await t.containers.stop(id, { timeout: 1 });
    expect(resume).toHaveBeenCalledWith(id);
    expect(t.containers.resolve(id).State).toMatchObject({ Status: 'exited', Running: false, Paused: false });
  });
});
