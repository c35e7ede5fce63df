// Real containers under runc: what the process sees (env, cwd, user, hostname), TTYs, execs, logs.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kindOf } from '../errors/index.js';
import {
  makeRuncFixture,
  runcUnavailableReason,
  type RuncFixture,
} from '../../test/helpers/busybox-rootfs.js';
import { collect, readUntil } from './container-runtime.contract.js';
import type { ContainerRuntimeSpec, ProcessSpec } from './container-runtime.js';
import type { RuncRuntime } from './runc-runtime.js';

const unavailable = runcUnavailableReason();

describe.skipIf(unavailable)(
  `runc containers: the process${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    let f: RuncFixture;
    let rt: RuncRuntime;
    let n = 0;

    beforeAll(() => {
      f = makeRuncFixture();
      rt = f.runtime;
    });
    afterAll(async () => f.cleanup());

    const spec = (
      args: string[],
      process: Partial<ProcessSpec> = {},
      extra: Partial<ContainerRuntimeSpec> = {},
    ) => ({
      id: `proc-${++n}`,
      layers: [f.layer],
      process: { args, env: [], cwd: '', user: '', tty: false, openStdin: false, ...process },
      hostname: 'box',
      mounts: [],
      network: 'none' as const,
      readonlyRootfs: false,
      ...extra,
    });

    /** Runs to the end; returns stdout+stderr as attached before the start, and the exit code. */
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

    it('sees Docker’s environment: PATH, HOSTNAME, the image env on top', async () => {
      const r = await runToEnd(spec(['/usr/bin/env'], { env: ['FOO=bar', 'PATH=/bin'] }));
      expect(r.out.split('\n').filter(Boolean).sort()).toEqual([
        'FOO=bar',
        'HOME=/root',
        'HOSTNAME=box',
        'PATH=/bin',
      ]);
    });

    it('TERM=xterm with a TTY', async () => {
      const r = await runToEnd(spec(['sh', '-c', 'echo $TERM'], { tty: true }));
      expect(r.out).toBe('xterm\r\n');
    });

    it('runs in the working directory, created when missing', async () => {
      const r = await runToEnd(spec(['pwd'], { cwd: '/work/dir' }));
      expect(r.out).toBe('/work/dir\n');
    });

    it('refuses a working directory that is a file', async () => {
      const err = await rt.prepare(spec(['pwd'], { cwd: '/etc/passwd' })).catch((e: unknown) => e);
      expect((err as Error).message).toBe('Cannot mkdir: /etc/passwd is not a directory');
    });

    it('runs as the user: name, uid, uid:gid, name:group', async () => {
      expect((await runToEnd(spec(['id'], { user: 'tester' }))).out).toBe(
        'uid=1000(tester) gid=1000(tester) groups=50(staff),1000(tester)\n',
      );
      expect((await runToEnd(spec(['id', '-u'], { user: '1000' }))).out).toBe('1000\n');
      expect((await runToEnd(spec(['id'], { user: '1000:50' }))).out).toBe(
        'uid=1000(tester) gid=50(staff) groups=50(staff)\n',
      );
      expect((await runToEnd(spec(['id'], { user: 'nobody:staff' }))).out).toBe(
        'uid=65534(nobody) gid=50(staff) groups=50(staff)\n',
      );
      expect((await runToEnd(spec(['id', '-u'], { user: '4242' }))).out).toBe('4242\n');
    });

    it("refuses an unknown user with Docker's error, leaving nothing mounted", async () => {
      const s = spec(['id'], { user: 'ghost' });
      const err = await rt.prepare(s).catch((e: unknown) => e);
      expect((err as Error).message).toBe('unable to find user ghost: no matching entries in passwd file');
      expect(kindOf(err)).toBe('system');
      expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(`/${s.id}/rootfs`);
      const group = await rt.prepare(spec(['id'], { user: 'tester:ghosts' })).catch((e: unknown) => e);
      expect((group as Error).message).toBe('unable to find group ghosts: no matching entries in group file');
    });

    it('has its hostname, /etc/hostname and /etc/hosts', async () => {
      const r = await runToEnd(spec(['sh', '-c', 'hostname; cat /etc/hostname; head -1 /etc/hosts']));
      expect(r.out).toBe('box\nbox\n127.0.0.1\tlocalhost\n');
    });

    it('exit codes: 126 for a file that cannot be executed, 127 for a missing path', async () => {
      const s1 = spec(['/etc/passwd']);
      await rt.prepare(s1);
      const e1 = (await rt.start(s1.id).catch((e: unknown) => e)) as Error & { exitCode: number };
      expect(e1.exitCode).toBe(126);
      expect(e1.message).toContain('exec: "/etc/passwd": permission denied: unknown');
      const s2 = spec(['/nope']);
      await rt.prepare(s2);
      const e2 = (await rt.start(s2.id).catch((e: unknown) => e)) as Error & { exitCode: number };
      expect(e2.exitCode).toBe(127);
      expect(e2.message).toBe(
        'failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "/nope": stat /nope: no such file or directory: unknown',
      );
      expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(`/${s2.id}/rootfs`);
    });

    it('logs stderr as stderr, and long lines in 16 KiB pieces', async () => {
      const s = spec(['sh', '-c', 'echo oops >&2; head -c 20000 /dev/zero | tr "\\0" x; echo']);
      await runToEnd(s);
      const entries = readFileSync(rt.logPath(s.id), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { log: string; stream: string; time: string });
      expect(entries.find((e) => e.stream === 'stderr')?.log).toBe('oops\n');
      const out = entries.filter((e) => e.stream === 'stdout');
      expect(out.map((e) => e.log.length)).toEqual([16384, 20000 - 16384 + 1]);
      expect(out[0]?.time).toBe(out[1]?.time);
    });

    it('attaches to a TTY: stdin reaches the console, output comes back on stdout', async () => {
      const s = spec(['sh'], { tty: true, openStdin: true, consoleSize: { height: 30, width: 100 } });
      await rt.prepare(s);
      await rt.start(s.id);
      const a = await rt.attach(s.id, { stdin: true });
      const seen = readUntil(a.stdout, (t) => t.includes('size=30 100'));
      a.stdin?.write('echo size=$(stty size)\n');
      expect(await seen).toContain('size=30 100');
      await rt.resize(s.id, { height: 40, width: 120 });
      const resized = readUntil(a.stdout, (t) => t.includes('size=40 120'));
      a.stdin?.write('echo size=$(stty size)\n');
      expect(await resized).toContain('size=40 120');
      const ended = collect(a.stdout);
      a.stdin?.write('exit 3\n');
      await ended;
      expect((await rt.wait(s.id)).exitCode).toBe(3);
      await rt.cleanup(s.id);
    });

    it('without StdinOnce the end of a client’s stdin only detaches it', async () => {
      const s = spec(['cat'], { openStdin: true });
      await rt.prepare(s);
      await rt.start(s.id);
      const a = await rt.attach(s.id, { stdin: true });
      const out = collect(a.stdout);
      const echoed = readUntil(a.stdout, (t) => t.includes('one'));
      a.stdin?.write('one\n');
      await echoed;
      a.stdin?.end();
      expect(await out).toBe('one\n');
      const b = await rt.attach(s.id, { stdin: true });
      const got = readUntil(b.stdout, (t) => t.includes('two'));
      b.stdin?.write('two\n');
      expect(await got).toBe('two\n');
      b.close();
      expect(await rt.state(s.id)).toMatchObject({ status: 'running' });
      await rt.kill(s.id, 'KILL');
      expect((await rt.wait(s.id)).exitCode).toBe(137);
      await rt.cleanup(s.id);
    });

    it('execs: ls /, env and cwd and user, a TTY, an exit code', async () => {
      const s = spec(['sleep', '60'], { env: ['FROM=container'] });
      await rt.prepare(s);
      await rt.start(s.id);
      const ls = await rt.exec(s.id, {
        args: ['ls', '/'],
        env: [],
        cwd: '',
        user: '',
        tty: false,
        stdin: false,
      });
      expect((await collect(ls.streams.stdout)).split('\n')).toEqual(
        expect.arrayContaining(['bin', 'etc', 'proc']),
      );
      expect(await ls.exited).toBe(0);
      const e = await rt.exec(s.id, {
        args: ['sh', '-c', 'echo $FROM $EXTRA $(pwd) $(id -u)'],
        env: ['EXTRA=yes'],
        cwd: '/tmp',
        user: 'tester',
        tty: false,
        stdin: false,
      });
      expect(await collect(e.streams.stdout)).toBe('container yes /tmp 1000\n');
      const t = await rt.exec(s.id, {
        args: ['sh', '-c', 'tty; exit 9'],
        env: [],
        cwd: '',
        user: '',
        tty: true,
        stdin: false,
      });
      expect(await collect(t.streams.stdout)).toMatch(/^\/dev\/pts\/\d+\r\n$/);
      expect(await t.exited).toBe(9);
      const bad = await rt
        .exec(s.id, { args: ['id'], env: [], cwd: '', user: 'ghost', tty: false, stdin: false })
        .catch((x: unknown) => x);
      expect(kindOf(bad)).toBe('invalid-parameter');
      await rt.kill(s.id, 'KILL');
      await rt.wait(s.id);
      await rt.cleanup(s.id);
    });
  },
);
