import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kindOf } from '../errors/index.js';
import type { ContainerRuntime, ContainerRuntimeSpec, ProcessSpec } from './container-runtime.js';

export interface ContractSubject {
  runtime: ContainerRuntime;
  /** Image layers for specs, lowest first (a busybox rootfs for the real runtime). */
  layers: string[];
  cleanup(): Promise<void>;
}

/** Collects a stream's text until it ends. */
export function collect(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    stream.on('data', (d: Buffer | string) => (text += d.toString()));
    stream.on('end', () => resolve(text));
    stream.on('error', reject);
  });
}

/** Reads a stream until `predicate(text so far)` holds. */
export function readUntil(stream: NodeJS.ReadableStream, predicate: (t: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (d: Buffer | string): void => {
      text += d.toString();
      if (predicate(text)) {
        stream.off('data', onData);
        resolve(text);
      }
    };
    stream.on('data', onData);
    stream.on('end', () => resolve(text));
    stream.on('error', reject);
  });
}

let seq = 0;

/** The suite every ContainerRuntime passes, the fake included. Programs used: busybox's. */
export function runContainerRuntimeContract(label: string, factory: () => Promise<ContractSubject>): void {
  describe(`ContainerRuntime contract: ${label}`, () => {
    let subject: ContractSubject;
    let rt: ContainerRuntime;

    beforeEach(async () => {
      subject = await factory();
      rt = subject.runtime;
    });
    afterEach(async () => subject.cleanup());

    const spec = (args: string[], process: Partial<ProcessSpec> = {}): ContainerRuntimeSpec => ({
      id: `contract-${process.tty ? 't' : 'n'}-${++seq}-${Math.random().toString(16).slice(2, 10)}`,
      layers: subject.layers,
      process: { args, env: [], cwd: '', user: '', tty: false, openStdin: false, ...process },
      hostname: 'contract',
      mounts: [],
      network: 'none',
      readonlyRootfs: false,
    });

    const run = async (s: ContainerRuntimeSpec): Promise<string> => {
      await rt.prepare(s);
      await rt.start(s.id);
      return s.id;
    };

    it('prepares a container that has not run', async () => {
      const s = spec(['true']);
      const { rootfs } = await rt.prepare(s);
      expect(typeof rootfs).toBe('string');
      expect(await rt.state(s.id)).toEqual({ status: 'created' });
      await rt.prepare(s); // idempotent
      expect((await rt.recover()).map((r) => r.id)).toContain(s.id);
    });

    it('runs a process, logs its output in json-file lines and reports its exit', async () => {
      const id = await run(spec(['echo', 'hi']));
      const exit = await rt.wait(id);
      expect(exit.exitCode).toBe(0);
      expect(exit.finishedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
      expect(exit.oomKilled).toBe(false);
      const lines = readFileSync(rt.logPath(id), 'utf8').trim().split('\n');
      expect(lines).toHaveLength(1);
      const entry = JSON.parse(lines[0] as string) as Record<string, string>;
      expect(entry).toMatchObject({ log: 'hi\n', stream: 'stdout' });
      expect(Object.keys(entry)).toEqual(['log', 'stream', 'time']);
      expect(await rt.state(id)).toMatchObject({ status: 'exited', exitCode: 0 });
      expect(await rt.wait(id)).toEqual(exit);
    });

    it('reports the exit code', async () => {
      const id = await run(spec(['sh', '-c', 'exit 3']));
      expect((await rt.wait(id)).exitCode).toBe(3);
    });

    it("rejects a start whose command does not exist with Docker's text and 127", async () => {
      const s = spec(['nope']);
      await rt.prepare(s);
      const err = (await rt.start(s.id).catch((e: unknown) => e)) as Error & { exitCode?: number };
      expect(err.message).toBe(
        'failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "nope": executable file not found in $PATH: unknown',
      );
      expect(err.exitCode).toBe(127);
      expect(kindOf(err)).toBe('invalid-parameter');
      expect(await rt.state(s.id)).toEqual({ status: 'created' });
    });

    it('gives a client attached before the start all of the output', async () => {
      const s = spec(['sh', '-c', 'echo out; echo err >&2']);
      await rt.prepare(s);
      const streams = await rt.attach(s.id, { stdin: false });
      expect(streams.stdin).toBeUndefined();
      const out = collect(streams.stdout);
      const err = collect(streams.stderr);
      await rt.start(s.id);
      expect(await out).toBe('out\n');
      expect(await err).toBe('err\n');
      expect((await rt.wait(s.id)).exitCode).toBe(0);
    });

    it('forwards stdin; the end of an attached stdin closes it (StdinOnce)', async () => {
      const s = spec(['cat'], { openStdin: true, stdinOnce: true });
      await rt.prepare(s);
      await rt.start(s.id);
      const streams = await rt.attach(s.id, { stdin: true });
      const out = collect(streams.stdout);
      streams.stdin?.write('ping\n');
      streams.stdin?.end();
      expect(await out).toBe('ping\n');
      expect((await rt.wait(s.id)).exitCode).toBe(0);
    });

    it('wait on a created container resolves with its next run', async () => {
      const s = spec(['sh', '-c', 'exit 4']);
      await rt.prepare(s);
      const waited = rt.wait(s.id);
      await rt.start(s.id);
      expect((await waited).exitCode).toBe(4);
    });

    it('kills with a signal the process traps; bad signals and stopped containers are refused', async () => {
      // The process is its PID namespace's init: a signal it does not handle would be ignored.
      const id = await run(spec(['sh', '-c', 'trap "exit 7" TERM; while true; do sleep 0.1; done']));
      await sleep(200); // until the shell has set its trap
      expect(await rt.state(id)).toMatchObject({ status: 'running' });
      const err = await rt.kill(id, 'FOO').catch((e: unknown) => e);
      expect(kindOf(err)).toBe('invalid-parameter');
      expect((err as Error).message).toBe('invalid signal: FOO');
      await expect(rt.cleanup(id)).rejects.toThrow(/running/);
      await expect(rt.remove(id)).rejects.toThrow(/running/);
      await rt.kill(id, 'sigterm');
      expect((await rt.wait(id)).exitCode).toBe(7);
      const late = await rt.kill(id, 'KILL').catch((e: unknown) => e);
      expect(kindOf(late)).toBe('conflict');
      expect((late as Error).message).toBe(`container ${id} is not running`);
    });

    it('pauses and resumes a running container; a kill of a paused one lands on resume', async () => {
      const id = await run(spec(['sleep', '30']));
      await rt.pause(id);
      await rt.resume(id);
      await rt.pause(id);
      await rt.kill(id, '9');
      // The kill may end the process before the resume (then it answers "not running"); a resume of
      // a container that is not frozen (runc thaws one it sends SIGKILL to) is no error.
      await rt
        .resume(id)
        .catch((e: unknown) =>
          expect([kindOf(e), (e as Error).message]).toEqual(['conflict', `container ${id} is not running`]),
        );
      expect((await rt.wait(id)).exitCode).toBe(137);
      for (const err of [
        await rt.pause(id).catch((e: unknown) => e),
        await rt.resume(id).catch((e: unknown) => e),
      ]) {
        expect([kindOf(err), (err as Error).message]).toEqual(['conflict', `container ${id} is not running`]);
      }
    });

    it('SIGKILL is 137; a signal init does not handle is ignored', async () => {
      const id = await run(spec(['sleep', '30']));
      await rt.kill(id, 'TERM');
      await sleep(200);
      expect(await rt.state(id)).toMatchObject({ status: 'running' });
      await rt.kill(id, '9');
      expect((await rt.wait(id)).exitCode).toBe(137);
    });

    it('execs in a running container: output, exit code, not-found error', async () => {
      const id = await run(spec(['sleep', '30']));
      const ok = await rt.exec(id, {
        args: ['echo', 'from exec'],
        env: [],
        cwd: '',
        user: '',
        tty: false,
        stdin: false,
      });
      expect(await collect(ok.streams.stdout)).toBe('from exec\n');
      expect(await ok.exited).toBe(0);
      expect(await ok.pid).toBeGreaterThan(0);
      const five = await rt.exec(id, {
        args: ['sh', '-c', 'exit 5'],
        env: [],
        cwd: '',
        user: '',
        tty: false,
        stdin: false,
      });
      expect(await five.exited).toBe(5);
      const err = (await rt
        .exec(id, { args: ['nope'], env: [], cwd: '', user: '', tty: false, stdin: false })
        .catch((e: unknown) => e)) as Error & { exitCode?: number };
      expect(err.message).toBe(
        'OCI runtime exec failed: exec failed: unable to start container process: exec: "nope": executable file not found in $PATH: unknown',
      );
      expect(err.exitCode).toBe(127);
      await rt.kill(id, 'KILL');
      await rt.wait(id);
    });

    it('exec with stdin: the end of the client stdin is the process stdin', async () => {
      const id = await run(spec(['sleep', '30']));
      const h = await rt.exec(id, { args: ['cat'], env: [], cwd: '', user: '', tty: false, stdin: true });
      const out = collect(h.streams.stdout);
      h.streams.stdin?.end('echo me\n');
      expect(await out).toBe('echo me\n');
      expect(await h.exited).toBe(0);
      await rt.kill(id, 'KILL');
      await rt.wait(id);
    });

    it('starts again after an exit (prepare, start), appending to the log', async () => {
      const s = spec(['echo', 'again']);
      await run(s);
      await rt.wait(s.id);
      await rt.cleanup(s.id);
      await rt.prepare(s);
      await rt.start(s.id);
      expect((await rt.wait(s.id)).exitCode).toBe(0);
      const lines = readFileSync(rt.logPath(s.id), 'utf8').trim().split('\n');
      expect(lines).toHaveLength(2);
    });

    it('removes an exited container; unknown ids are not-found', async () => {
      const id = await run(spec(['true']));
      await rt.wait(id);
      await rt.cleanup(id);
      await rt.remove(id);
      expect(kindOf(await rt.state(id).catch((e: unknown) => e))).toBe('not-found');
      expect((await rt.recover()).map((r) => r.id)).not.toContain(id);
      await rt.remove(id); // nothing left to remove is fine
      expect(kindOf(await rt.wait('never-made').catch((e: unknown) => e))).toBe('not-found');
    });
  });
}
