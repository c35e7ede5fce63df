// The runtime's shortcuts on the way of `docker run --rm`: a create's rootfs kept mounted for the
// start that follows (and unmounted when none comes), removed directories deleted in the background
// (and what a crash leaves of them deleted at recovery), spare monitors that never pass their low
// boot priority on to a container.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeRuncFixture,
  mountPointsUnder,
  pollUntil,
  runcUnavailableReason,
  type RuncFixture,
} from '../../test/helpers/busybox-rootfs.js';
import { collect } from './container-runtime.contract.js';
import type { ContainerRuntimeSpec } from './container-runtime.js';
import { RuncRuntime } from './runc-runtime.js';

const unavailable = runcUnavailableReason();

const mountPoints = mountPointsUnder;

const until = pollUntil;

/** The nice value of a thread (field 19 of /proc/<pid>/task/<tid>/stat). */
function niceOf(pid: number, tid = pid): number {
  const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}

describe.skipIf(unavailable)(
  `runc containers: create-to-start and removal shortcuts${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    let f: RuncFixture;
    let rt: RuncRuntime;
    let root: string;
    let n = 0;

    beforeAll(() => {
      f = makeRuncFixture();
      rt = f.runtime;
      root = join(f.base, 'containers');
    });
    afterAll(async () => {
      await f.cleanup();
      expect(mountPoints(f.base)).toEqual([]);
    });

    const spec = (args: string[]): ContainerRuntimeSpec => ({
      id: `park-${++n}`,
      layers: [f.layer],
      process: { args, env: [], cwd: '', user: '', tty: false, openStdin: false },
      hostname: 'box',
      mounts: [],
      network: 'none',
      readonlyRootfs: false,
    });

    it('a start after cleanup with startExpected finds the rootfs mounted; its exit unmounts it', async () => {
      const s = spec(['sh', '-c', 'echo made > /f; cat /f']);
      const rootfs = join(root, s.id, 'rootfs');
      await rt.prepare(s);
      await rt.cleanup(s.id, { startExpected: true });
      expect(mountPoints(f.base)).toContain(rootfs);
      expect(await rt.state(s.id)).toEqual({ status: 'created' });
      await rt.prepare(s);
      const streams = await rt.attach(s.id, { stdin: false });
      const out = collect(streams.stdout);
      await rt.start(s.id);
      expect(await out).toBe('made\n');
      expect((await rt.wait(s.id)).exitCode).toBe(0);
      await rt.cleanup(s.id);
      expect(mountPoints(f.base)).not.toContain(rootfs);
      // Its writes are kept for the next start.
      await rt.prepare(s);
      await rt.cleanup(s.id);
      await rt.remove(s.id);
      expect(existsSync(join(root, s.id))).toBe(false);
    });

    it('unmounts a kept rootfs when no start comes, and on remove() and close()', async () => {
      const brief = new RuncRuntime({ root, parkMs: 50, spareMonitor: false });
      const a = spec(['true']);
      await brief.prepare(a);
      await brief.cleanup(a.id, { startExpected: true });
      await until(() => !mountPoints(f.base).includes(join(root, a.id, 'rootfs')));
      expect(await brief.state(a.id)).toEqual({ status: 'created' });

      const long = new RuncRuntime({ root, parkMs: 600_000, spareMonitor: false });
      const b = spec(['true']);
      const c = spec(['true']);
      for (const s of [b, c]) {
        await long.prepare(s);
        await long.cleanup(s.id, { startExpected: true });
      }
      expect(mountPoints(f.base)).toEqual(
        expect.arrayContaining([join(root, b.id, 'rootfs'), join(root, c.id, 'rootfs')]),
      );
      await long.remove(b.id);
      expect(existsSync(join(root, b.id))).toBe(false);
      await long.close();
      expect(mountPoints(f.base)).not.toContain(join(root, c.id, 'rootfs'));
      expect(await rt.state(c.id)).toEqual({ status: 'created' });
      for (const s of [a, c]) await rt.remove(s.id);
      await brief.close();
    });

    it('remove() takes the directory away at once; recover() deletes what a crash left of one', async () => {
      const s = spec(['true']);
      await rt.prepare(s);
      await rt.start(s.id);
      await rt.wait(s.id);
      await rt.cleanup(s.id);
      await rt.remove(s.id);
      expect(readdirSync(root)).not.toContain(s.id);

      const left = join(root, '.removed', `${s.id}-cut-short`);
      mkdirSync(join(left, 'rw', 'upper'), { recursive: true });
      writeFileSync(join(left, 'rw', 'upper', 'file'), 'x');
      const next = new RuncRuntime({ root, spareMonitor: false });
      expect((await next.recover()).map((r) => r.id)).not.toContain('.removed');
      await next.close();
      expect(existsSync(left)).toBe(false);
    });

    it.runIf(process.getuid?.() === 0)(
      'a container started on a spare monitor runs at normal priority',
      async () => {
        // Spares boot at a low priority; the pause lets one be there (not yet booted, maybe) for
        // the second start.
        const ids: string[] = [];
        for (let i = 0; i < 2; i++) {
          await sleep(300);
          const s = spec(['sleep', '30']);
          await rt.prepare(s);
          const { pid } = await rt.start(s.id);
          expect(niceOf(pid)).toBe(0);
          const monitor = JSON.parse(readFileSync(join(root, s.id, 'monitor.json'), 'utf8')) as {
            pid: number;
          };
          for (const tid of readdirSync(`/proc/${monitor.pid}/task`)) {
            expect(niceOf(monitor.pid, Number(tid))).toBe(0);
          }
          ids.push(s.id);
        }
        for (const id of ids) {
          const waited = rt.wait(id);
          await rt.kill(id, 'KILL');
          await waited;
          await rt.cleanup(id);
          await rt.remove(id);
        }
      },
    );
  },
);
