// A daemon restart: a new RuncRuntime on the same directory finds what the old one left running,
// exited or lost, and leaks no mount.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeRuncFixture,
  mountPointsUnder,
  pollUntil,
  runcUnavailableReason,
  type RuncFixture,
} from '../../test/helpers/busybox-rootfs.js';
import { collect, readUntil } from './container-runtime.contract.js';
import type { ContainerRuntimeSpec, ProcessSpec } from './container-runtime.js';
import { RuncRuntime } from './runc-runtime.js';

const unavailable = runcUnavailableReason();

const mountPoints = mountPointsUnder;

const until = pollUntil;

describe.skipIf(unavailable)(
  `runc containers: recovery${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    let f: RuncFixture;
    let n = 0;
    const root = () => join(f.base, 'containers');

    beforeAll(() => {
      f = makeRuncFixture();
    });
    afterAll(async () => {
      await f.cleanup();
      expect(mountPoints(f.base)).toEqual([]);
    });

    const spec = (args: string[], process: Partial<ProcessSpec> = {}): ContainerRuntimeSpec => ({
      id: `rec-${++n}`,
      layers: [f.layer],
      process: { args, env: [], cwd: '', user: '', tty: false, openStdin: false, ...process },
      hostname: 'box',
      mounts: [],
      network: 'none',
      readonlyRootfs: false,
    });

    it('a new runtime finds a running container and can attach to, wait for and kill it', async () => {
      const old = new RuncRuntime({ root: root() });
      const s = spec(['cat'], { openStdin: true });
      await old.prepare(s);
      const { pid } = await old.start(s.id);
      old.close(); // the daemon goes away

      const rt = new RuncRuntime({ root: root() });
      const found = (await rt.recover()).find((r) => r.id === s.id);
      expect(found?.state).toMatchObject({ status: 'running', pid });
      const a = await rt.attach(s.id, { stdin: true });
      const echoed = readUntil(a.stdout, (t) => t.includes('still here'));
      a.stdin?.write('still here\n');
      expect(await echoed).toBe('still here\n');
      const waited = rt.wait(s.id);
      await rt.kill(s.id, 'KILL');
      expect((await waited).exitCode).toBe(137);
      await rt.cleanup(s.id);
      rt.close();
    });

    it('survives a daemon killed with SIGKILL; one that exited meanwhile is reported with its code', async () => {
      const running = spec(['sleep', '60']);
      const quick = spec(['sh', '-c', 'sleep 0.5; exit 6']);
      const script = `
      const { RuncRuntime } = await import(${JSON.stringify(pathToFileURL(join(process.cwd(), 'dist/src/runtime/runc-runtime.js')).href)});
      const rt = new RuncRuntime({ root: ${JSON.stringify(root())} });
      for (const s of ${JSON.stringify([running, quick])}) { await rt.prepare(s); await rt.start(s.id); }
      process.stdout.write('started\\n');
      setInterval(() => {}, 1000);
    `;
      const daemon = spawn(process.execPath, ['--input-type=module', '-e', script], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await readUntil(daemon.stdout, (t) => t.includes('started'));
      daemon.kill('SIGKILL');
      await new Promise((r) => daemon.once('exit', r));
      await until(() => existsSync(join(root(), quick.id, 'exit.json')));

      const rt = new RuncRuntime({ root: root() });
      const states = new Map((await rt.recover()).map((r) => [r.id, r.state]));
      expect(states.get(running.id)).toMatchObject({ status: 'running' });
      expect(states.get(quick.id)).toMatchObject({ status: 'exited', exitCode: 6 });
      // The exited one's rootfs is unmounted by recover(); the running one's stays.
      expect(mountPoints(f.base)).not.toContain(join(root(), quick.id, 'rootfs'));
      expect(mountPoints(f.base)).toContain(join(root(), running.id, 'rootfs'));
      expect(await rt.wait(quick.id)).toMatchObject({ exitCode: 6 });
      const waited = rt.wait(running.id);
      await rt.kill(running.id, 'KILL');
      expect((await waited).exitCode).toBe(137);
      await rt.cleanup(running.id);
      rt.close();
    });

    it('a container whose monitor was lost is exited with 255, its process killed, its mounts released', async () => {
      const old = new RuncRuntime({ root: root() });
      const s = spec(['sleep', '60']);
      await old.prepare(s);
      const { pid } = await old.start(s.id);
      old.close();
      const monitor = JSON.parse(readFileSync(join(root(), s.id, 'monitor.json'), 'utf8')) as { pid: number };
      process.kill(monitor.pid, 'SIGKILL');
      await until(
        () =>
          !existsSync(`/proc/${monitor.pid}`) ||
          readFileSync(`/proc/${monitor.pid}/stat`, 'utf8').includes(') Z'),
      );

      const rt = new RuncRuntime({ root: root() });
      const found = (await rt.recover()).find((r) => r.id === s.id);
      expect(found?.state).toMatchObject({ status: 'exited', exitCode: 255 });
      await until(() => !existsSync(`/proc/${pid}`));
      expect(mountPoints(f.base)).not.toContain(join(root(), s.id, 'rootfs'));
      expect((await rt.wait(s.id)).exitCode).toBe(255);
      rt.close();
    });

    it('a prepared container that never ran is reported created, its rootfs unmounted', async () => {
      const old = new RuncRuntime({ root: root() });
      const s = spec(['true']);
      await old.prepare(s);
      old.close();
      expect(mountPoints(f.base)).toContain(join(root(), s.id, 'rootfs'));
      const rt = new RuncRuntime({ root: root() });
      const found = (await rt.recover()).find((r) => r.id === s.id);
      expect(found?.state).toEqual({ status: 'created' });
      expect(mountPoints(f.base)).not.toContain(join(root(), s.id, 'rootfs'));
      // It can still run: prepare again, start.
      await rt.prepare(s);
      const a = await rt.attach(s.id, { stdin: false });
      const out = collect(a.stdout);
      await rt.start(s.id);
      expect((await rt.wait(s.id)).exitCode).toBe(0);
      expect(await out).toBe('');
      await rt.cleanup(s.id);
      rt.close();
    });
  },
);
