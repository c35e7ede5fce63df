import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerE2eSkipReason, startBusyboxDaemon, type BusyboxDaemon } from '../helpers/containers.js';

// docker-compose v1 (Debian's, a docker-py client) against Strata: a service with two named volumes,
// one with labels and one with driver_opts (a tmpfs), on the project's own network. Data written by
// the first `up` is there after `down` and a second `up`; `down -v` removes the volumes.
const COMPOSE = '/usr/bin/docker-compose';
const skip =
  containerE2eSkipReason() ??
  (existsSync(COMPOSE) ? undefined : 'no docker-compose (Debian package docker-compose)');

const project = `version: "3.7"
services:
  app:
    image: busybox:local
    command: sh -c 'cat /data/f 2>/dev/null; echo run >> /data/f; grep " /scratch " /proc/mounts; exec sleep 300'
    volumes:
      - appdata:/data
      - scratch:/scratch
volumes:
  appdata:
    labels:
      com.example.purpose: compose test
  scratch:
    driver_opts:
      type: tmpfs
      device: tmpfs
      o: size=10m
`;

describe.skipIf(skip !== undefined)(
  `docker-compose v1 against Strata${skip ? ` — skipped: ${skip}` : ''}`,
  () => {
    let fx: BusyboxDaemon;
    const ok = async (args: string[]): Promise<string> => {
      const r = await fx.docker(args);
      expect(r.code, `docker ${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r.stdout.trim();
    };
    const compose = (args: string[]): Promise<{ code: number; out: string }> =>
      new Promise((resolve, reject) => {
        const child = spawn(COMPOSE, ['--no-ansi', '-p', 'proj', ...args], {
          cwd: join(fx.dir, 'proj'),
          env: { ...process.env, DOCKER_HOST: `unix://${fx.d.socket}`, COMPOSE_INTERACTIVE_NO_CLI: '1' },
        });
        let out = '';
        child.stdout.on('data', (c: Buffer) => (out += c.toString()));
        child.stderr.on('data', (c: Buffer) => (out += c.toString()));
        const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
        child.on('error', reject);
        child.on('close', (code) => {
          clearTimeout(timer);
          resolve({ code: code ?? -1, out });
        });
      });
    const composeOk = async (args: string[]): Promise<string> => {
      const r = await compose(args);
      expect(r.code, `docker-compose ${args.join(' ')}:\n${r.out}`).toBe(0);
      return r.out;
    };
    /** The app container's log once it has printed its mounts (it prints them right after starting). */
    const appLog = async (): Promise<string> => {
      for (let i = 0; i < 100; i++) {
        const log = await ok(['logs', 'proj_app_1']);
        if (log.includes('/scratch')) return log;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('the app never printed its mounts');
    };

    beforeAll(async () => {
      fx = await startBusyboxDaemon('strata-compose-');
      mkdirSync(join(fx.dir, 'proj'));
      writeFileSync(join(fx.dir, 'proj', 'docker-compose.yml'), project);
    });
    afterAll(async () => {
      if (fx) await compose(['down', '-v', '-t', '0']).catch(() => undefined);
      await fx?.close();
    });

    it('up -d makes the network, the labelled and the tmpfs volume, and runs the service on them', async () => {
      const out = await composeOk(['up', '-d']);
      expect(out).toContain('Creating network "proj_default" with the default driver');
      expect(out).toContain('Creating volume "proj_appdata" with default driver');
      expect(out).toContain('Creating volume "proj_scratch" with default driver');
      expect(await ok(['volume', 'inspect', '-f', '{{json .Labels}}', 'proj_appdata'])).toBe(
        '{"com.docker.compose.project":"proj","com.docker.compose.version":"1.29.2","com.docker.compose.volume":"appdata","com.example.purpose":"compose test"}',
      );
      expect(await ok(['volume', 'inspect', '-f', '{{json .Options}}', 'proj_scratch'])).toBe(
        '{"device":"tmpfs","o":"size=10m","type":"tmpfs"}',
      );
      const log = await appLog();
      expect(log).not.toContain('run');
      expect(log).toMatch(/^tmpfs \/scratch tmpfs .*size=10240k/m);
      expect(
        await ok([
          'inspect',
          '-f',
          '{{.HostConfig.NetworkMode}} {{range $k, $v := .NetworkSettings.Networks}}{{$k}}{{end}}',
          'proj_app_1',
        ]),
      ).toBe('proj_default proj_default');
      expect(
        await ok(['network', 'inspect', '-f', '{{range .Containers}}{{.Name}}{{end}}', 'proj_default']),
      ).toBe('proj_app_1');
    });

    it('down keeps the volumes; up -d again shows the data written before', async () => {
      const down = await composeOk(['down', '-t', '0']);
      expect(down).toContain('Removing network proj_default');
      expect((await ok(['volume', 'ls', '-q'])).split('\n').sort()).toEqual(['proj_appdata', 'proj_scratch']);
      expect(await ok(['network', 'ls', '--format', '{{.Name}}'])).not.toContain('proj_default');
      await composeOk(['up', '-d']);
      expect(await appLog()).toMatch(/^run$/m);
    });

    it('down -v removes the volumes and the network', async () => {
      const out = await composeOk(['down', '-v', '-t', '0']);
      expect(out).toContain('Removing volume proj_appdata');
      expect(out).toContain('Removing volume proj_scratch');
      expect(await ok(['volume', 'ls', '-q'])).toBe('');
      expect(await ok(['ps', '-aq'])).toBe('');
    });
  },
);
