// How long a trivial container takes, against `runc run` of the same bundle on its own. Prints the
// medians; the bounds are loose (CI machines are shared) and only catch a monitor gone slow.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeRuncFixture,
  runcUnavailableReason,
  type RuncFixture,
} from '../../test/helpers/busybox-rootfs.js';
import type { ContainerRuntimeSpec } from './container-runtime.js';
import { RuncRuntime } from './runc-runtime.js';

const unavailable = runcUnavailableReason();

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

describe.skipIf(unavailable)(
  `runc containers: start-up time${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    let f: RuncFixture;
    let n = 0;

    beforeAll(() => {
      f = makeRuncFixture();
    });
    afterAll(async () => f.cleanup());

    const spec = (): ContainerRuntimeSpec => ({
      id: `perf-${++n}`,
      layers: [f.layer],
      process: { args: ['true'], env: [], cwd: '', user: '', tty: false, openStdin: false },
      hostname: 'perf',
      mounts: [],
      network: 'none',
      readonlyRootfs: false,
    });

    /** start() and start()+wait() of `true`, `rounds` times, idle in between (the spare refills). */
    async function measure(rt: RuncRuntime, rounds: number): Promise<{ start: number; total: number }> {
      const start: number[] = [];
      const total: number[] = [];
      for (let i = 0; i < rounds; i++) {
        const s = spec();
        await rt.prepare(s);
        await sleep(250);
        const t0 = performance.now();
        await rt.start(s.id);
        start.push(performance.now() - t0);
        expect((await rt.wait(s.id)).exitCode).toBe(0);
        total.push(performance.now() - t0);
        await rt.remove(s.id);
      }
      return { start: median(start), total: median(total) };
    }

    it('`true` starts and ends within tens of milliseconds of runc run alone', async () => {
      const s = spec();
      await f.runtime.prepare(s);
      const runcAlone: number[] = [];
      for (let i = 0; i < 7; i++) {
        const t0 = performance.now();
        const r = spawnSync('runc', [
          '--root',
          join(f.base, 'runc-alone'),
          'run',
          '--bundle',
          join(f.base, 'containers', s.id),
          `alone-${i}`,
        ]);
        runcAlone.push(performance.now() - t0);
        expect(r.status).toBe(0);
      }
      await f.runtime.remove(s.id);
      await f.runtime.recover(); // starts the spare monitor
      const warm = await measure(f.runtime, 9);
      const cold = new RuncRuntime({ root: join(f.base, 'containers'), spareMonitor: false });
      const coldTimes = await measure(cold, 5);
      cold.close();
      const alone = median(runcAlone);
      console.log(
        `runc run alone ${alone.toFixed(1)} ms; with a spare monitor: start ${warm.start.toFixed(1)} ms, ` +
          `start+exit ${warm.total.toFixed(1)} ms; without: start ${coldTimes.start.toFixed(1)} ms, ` +
          `start+exit ${coldTimes.total.toFixed(1)} ms`,
      );
      expect(warm.total).toBeLessThan(alone + 150);
    });
  },
);
