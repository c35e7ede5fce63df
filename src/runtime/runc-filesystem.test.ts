// Real containers under runc: the overlay rootfs, mounts, the network namespace, no leaked mounts.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeRuncFixture,
  mountPointsUnder,
  runcUnavailableReason,
  type RuncFixture,
} from '../../test/helpers/busybox-rootfs.js';
import { collect } from './container-runtime.contract.js';
import type { ContainerRuntimeSpec, MountSpec } from './container-runtime.js';
import type { RuncRuntime } from './runc-runtime.js';

const unavailable = runcUnavailableReason();

const mountPoints = mountPointsUnder;

describe.skipIf(unavailable)(
  `runc containers: files and mounts${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    let f: RuncFixture;
    let rt: RuncRuntime;
    let n = 0;

    beforeAll(() => {
      f = makeRuncFixture();
      rt = f.runtime;
    });
    afterAll(async () => {
      await f.cleanup();
      expect(mountPoints(f.base)).toEqual([]);
    });

    const spec = (args: string[], extra: Partial<ContainerRuntimeSpec> = {}): ContainerRuntimeSpec => ({
      id: `fs-${++n}`,
      layers: [f.layer],
      process: { args, env: [], cwd: '', user: '', tty: false, openStdin: false },
      hostname: 'box',
      mounts: [],
      network: 'none',
      readonlyRootfs: false,
      ...extra,
    });

    async function runToEnd(s: ContainerRuntimeSpec): Promise<{ out: string; err: string; code: number }> {
      await rt.prepare(s);
      const streams = await rt.attach(s.id, { stdin: false });
      const out = collect(streams.stdout);
      const err = collect(streams.stderr);
      await rt.start(s.id);
      const { exitCode } = await rt.wait(s.id);
      await rt.cleanup(s.id);
      return { out: await out, err: await err, code: exitCode };
    }

    it('writes go to the upper dir; the image layer is untouched', async () => {
      const s = spec(['sh', '-c', 'echo new > /etc/added; rm /bin/ls; echo changed >> /etc/passwd']);
      expect((await runToEnd(s)).code).toBe(0);
      const upper = join(f.base, 'containers', s.id, 'rw', 'upper');
      expect(readFileSync(join(upper, 'etc/added'), 'utf8')).toBe('new\n');
      expect(readFileSync(join(upper, 'etc/passwd'), 'utf8')).toMatch(/changed\n$/);
      expect(existsSync(join(f.layer, 'bin/ls'))).toBe(true);
      expect(readFileSync(join(f.layer, 'etc/passwd'), 'utf8')).not.toContain('changed');
      // The writes survive a restart of the same container.
      await rt.prepare(s);
      const again = await rt.attach(s.id, { stdin: false });
      const out = collect(again.stdout);
      const s2 = {
        ...s,
        process: { ...s.process, args: ['sh', '-c', 'cat /etc/added; ls /bin/ls || echo gone'] },
      };
      await rt.prepare(s2);
      await rt.start(s.id);
      await rt.wait(s.id);
      await rt.cleanup(s.id);
      expect(await out).toBe('new\ngone\n');
    });

    it('stacks many layers (more than fit in one page of absolute paths)', async () => {
      const layers = [f.layer];
      for (let i = 0; i < 120; i++) {
        const dir = join(f.base, 'layers', `${'x'.repeat(60)}-${i}`, 'diff');
        mkdirSync(join(dir, 'layers'), { recursive: true });
        writeFileSync(join(dir, 'layers', String(i)), String(i));
        if (i === 119) writeFileSync(join(dir, 'top'), 'top layer wins');
        layers.push(dir);
      }
      const r = await runToEnd(spec(['sh', '-c', 'ls /layers | wc -l; cat /top'], { layers }));
      expect(r.out).toBe('120\ntop layer wins');
    });

    it('bind mounts: read-write and read-only (writing fails); a file bind', async () => {
      const rw = join(f.base, 'bind-rw');
      const ro = join(f.base, 'bind-ro');
      mkdirSync(rw);
      mkdirSync(ro);
      writeFileSync(join(ro, 'data'), 'ro data\n');
      writeFileSync(join(f.base, 'one-file'), 'a file\n');
      const mounts: MountSpec[] = [
        { destination: '/rw', source: rw, type: 'bind', readonly: false },
        { destination: '/ro', source: ro, type: 'bind', readonly: true, propagation: 'rprivate' },
        {
          destination: '/etc/one-file',
          source: join(f.base, 'one-file'),
          type: 'bind',
          readonly: true,
          file: true,
        },
      ];
      const r = await runToEnd(
        spec(
          [
            'sh',
            '-c',
            'echo hello > /rw/out; cat /ro/data; echo x > /ro/new || echo refused; cat /etc/one-file',
          ],
          {
            mounts,
          },
        ),
      );
      expect(readFileSync(join(rw, 'out'), 'utf8')).toBe('hello\n');
      expect(r.out).toBe('ro data\nrefused\na file\n');
      expect(r.err).toMatch(/Read-only file system/);
      expect(existsSync(join(ro, 'new'))).toBe(false);
    });

    it('tmpfs mounts with their options (noexec, nosuid, nodev by default)', async () => {
      const mounts: MountSpec[] = [
        {
          destination: '/scratch',
          source: '',
          type: 'tmpfs',
          readonly: false,
          tmpfsOptions: 'size=1m,mode=1770',
        },
      ];
      const r = await runToEnd(
        spec(['sh', '-c', 'grep " /scratch " /proc/mounts; stat -c %a /scratch'], { mounts }),
      );
      expect(r.out).toMatch(/^tmpfs \/scratch tmpfs rw,nosuid,nodev,noexec,relatime,size=1024k,mode=1770/);
      expect(r.out).toMatch(/\n1770\n$/);
    });

    it('a read-only rootfs: / and /etc/hosts refuse writes, /dev/shm and tmpfs do not', async () => {
      const r = await runToEnd(
        spec(
          [
            'sh',
            '-c',
            'touch /x || echo root-ro; echo >> /etc/hosts || echo hosts-ro; touch /dev/shm/x && echo shm-ok',
          ],
          {
            readonlyRootfs: true,
          },
        ),
      );
      expect(r.out).toBe('root-ro\nhosts-ro\nshm-ok\n');
    });

    it('network none: only lo; host: the host’s interfaces', async () => {
      const none = await runToEnd(spec(['ls', '/sys/class/net']));
      expect(none.out).toBe('lo\n');
      const host = await runToEnd(spec(['ls', '/sys/class/net'], { network: 'host' }));
      expect(host.out.trim().split('\n').sort()).toEqual(readdirSync('/sys/class/net').sort());
    });

    it("Docker's masked and read-only paths, and default mounts", async () => {
      const r = await runToEnd(
        spec([
          'sh',
          '-c',
          'cat /proc/kcore | wc -c; echo 1 > /proc/sys/kernel/domainname || echo sys-ro; grep -c -E " /dev/(pts|shm|mqueue) " /proc/mounts',
        ]),
      );
      expect(r.out).toBe('0\nsys-ro\n3\n');
    });

    it('leaves no mount behind after cleanup and remove', async () => {
      const s = spec(['true'], {
        mounts: [{ destination: '/scratch', source: '', type: 'tmpfs', readonly: false }],
      });
      const start = mountPoints(f.base);
      await runToEnd(s);
      expect(mountPoints(f.base)).toEqual(start);
      await rt.prepare(s);
      expect(mountPoints(f.base)).toContain(join(f.base, 'containers', s.id, 'rootfs'));
      await rt.remove(s.id);
      expect(mountPoints(f.base)).toEqual(start);
      expect(existsSync(join(f.base, 'containers', s.id))).toBe(false);
    });
  },
);
