import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDockerSave } from '../helpers/busybox-image.js';
import { buildBusyboxRootfs, containerE2eSkipReason } from '../helpers/containers.js';
import { DOCKER_CLI, runDocker } from '../helpers/docker-cli.js';
import {
  pushImage,
  registryUnavailableReason,
  startRegistry,
  type LocalRegistry,
  type PushedImage,
} from '../helpers/registry.js';
import { STRATA_BIN, startStrata, type StrataDaemon } from '../helpers/strata-daemon.js';

// The `strata` CLI's container and image commands are a drop-in for docker's: each case runs with
// both CLIs against the same Strata daemon from the same starting state (containers, volumes and
// images reset, then the case's setup run with docker), and each step's stdout, stderr and exit
// status must be the same once the program name is swapped ("docker" → "strata") and what differs
// between two runs by nature (container ids, times, durations and the table padding they cause)
// is normalised.

interface Run {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** A command line, or one with input on stdin (otherwise stdin is empty). */
type Step = string[] | { args: string[]; stdin: string };
/** A setup command run with docker: it must exit 0, or with `code`. */
type Setup = string[] | { args: string[]; code: number };

const TIMEOUT_MS = 60_000;

function spawnRun(bin: readonly string[], args: string[], env: NodeJS.ProcessEnv, stdin = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const [cmd, ...pre] = bin as [string, ...string[]];
    const child = spawn(cmd, [...pre, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.on('error', () => undefined); // the CLI may exit before reading its input
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code });
    });
    child.stdin.end(stdin);
  });
}

/** What differs between two runs by nature: ids, times, durations (and the column widths they set). */
const normalise = (s: string): string =>
  s
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>')
    .replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4} \w+/g, '<time>')
    .replace(/[0-9a-f]{64}/g, '<id>')
    .replace(/\b[0-9a-f]{12}\b/g, '<short-id>')
    .replace(
      /Less than a second|About a minute|About an hour|\d+ (?:seconds?|minutes?|hours?)/g,
      '<duration>',
    )
    .replace(/"Pid":( ?)\d+/g, '"Pid":$1<pid>')
    .replace(/ {2,}/g, '  ');
const swapName = (s: string): string => s.replace(/\bdocker\b/g, 'strata');
const shown = (r: Run, swap: boolean): Run => {
  const f = (s: string): string => normalise(swap ? swapName(s) : s);
  return { stdout: f(r.stdout), stderr: f(r.stderr), code: r.code };
};

const skip = containerE2eSkipReason();

describe.skipIf(skip !== undefined)(
  `strata CLI vs docker CLI: containers and images${skip ? ` — skipped: ${skip}` : ''}`,
  () => {
    let daemon: StrataDaemon;
    let dir: string;
    let env: NodeJS.ProcessEnv;
    // `node --`, as bin/strata's own shebang: Node 20 would otherwise take `run --env-file F` as its own.
    const strataBin = [process.execPath, '--', STRATA_BIN];
    const rootfs = (): string => join(dir, 'rootfs.tar');
    const docker = (args: string[]) => runDocker(args, { host: daemon.socket, timeoutMs: TIMEOUT_MS });
    const lines = (s: string): string[] => s.split('\n').filter((l) => l !== '');

    /** Back to the suite's state: no containers, no volumes, one image tagged busybox:local. */
    async function reset(): Promise<void> {
      const ids = lines((await docker(['ps', '-aq'])).stdout);
      if (ids.length > 0) await docker(['rm', '-f', ...ids]);
      await docker(['volume', 'prune', '-af']);
      let keep = (await docker(['image', 'inspect', '-f', '{{.Id}}', 'busybox:local'])).stdout.trim();
      if (keep === '') {
        const imported = await docker(['import', rootfs(), 'busybox:local']);
        expect(imported.code, imported.stderr).toBe(0);
        keep = imported.stdout.trim();
      }
      const listed = await docker([
        'images',
        '-a',
        '--no-trunc',
        '--format',
        '{{.Repository}}:{{.Tag}} {{.ID}}',
      ]);
      for (const line of lines(listed.stdout)) {
        const [ref = '', id = ''] = line.split(' ');
        if (ref === 'busybox:local') continue;
        if (id !== keep) await docker(['rmi', '-f', id]);
        else if (ref !== '<none>:<none>') await docker(['rmi', ref]);
      }
    }

    /** Each CLI runs the steps from the same state (reset, then `setup` with docker); the results. */
    async function bothRun(steps: Step[], setup: Setup[] = []): Promise<{ docker: Run[]; strata: Run[] }> {
      const results: Run[][] = [];
      for (const bin of [[DOCKER_CLI], strataBin]) {
        await reset();
        for (const s of setup) {
          const { args, code } = Array.isArray(s) ? { args: s, code: 0 } : s;
          const r = await docker(args);
          expect(r.code, `setup ${args.join(' ')}: ${r.stderr}`).toBe(code);
        }
        const runs: Run[] = [];
        for (const step of steps) {
          const { args, stdin } = Array.isArray(step) ? { args: step, stdin: '' } : step;
          runs.push(await spawnRun(bin, args, env, stdin));
        }
        results.push(runs);
      }
      const [d = [], s = []] = results;
      return { docker: d, strata: s };
    }

    /** Runs the steps with both CLIs and expects the same results; resolves to strata's (raw). */
    async function compare(steps: Step[], setup: Setup[] = []): Promise<Run[]> {
      const { docker: d, strata: s } = await bothRun(steps, setup);
      const label = (r: Run, i: number) => ({ step: steps[i], ...r });
      expect(s.map((r, i) => label(shown(r, false), i))).toEqual(d.map((r, i) => label(shown(r, true), i)));
      return s;
    }

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'scli-containers-'));
      writeFileSync(rootfs(), buildBusyboxRootfs());
      writeFileSync(
        join(dir, 'save.tar'),
        makeDockerSave({ layers: [readFileSync(rootfs())], repoTags: ['busybox:saved'] }),
      );
      daemon = await startStrata();
      env = {
        PATH: process.env.PATH,
        HOME: dir,
        TZ: 'UTC',
        LANG: 'C',
        DOCKER_HOST: `unix://${daemon.socket}`,
        DOCKER_CONFIG: join(dir, 'config'),
      };
      const imported = await docker(['import', rootfs(), 'busybox:local']);
      expect(imported.code, imported.stderr).toBe(0);
    });
    afterAll(async () => {
      if (daemon) {
        const ids = lines((await docker(['ps', '-aq'])).stdout);
        if (ids.length > 0) await docker(['rm', '-f', ...ids]);
        await daemon.stop();
      }
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('walks through the issue: import, volumes across runs, --volumes-from, volume in use', async () => {
      const s = await compare([
        ['import', rootfs(), 'busybox:local'],
        [
          'run',
          '--rm',
          '-v',
          'data:/data',
          'busybox:local',
          'sh',
          '-c',
          'echo hi > /data/f; echo scratch > /tmp/x',
        ],
        ['run', '--rm', '-v', 'data:/data', 'busybox:local', 'cat', '/data/f'],
        ['run', '--rm', 'busybox:local', 'cat', '/tmp/x'],
        ['run', '-d', '--name', 'ab', '-v', 'data:/data', 'busybox:local', 'sleep', '60'],
        ['run', '--rm', '--volumes-from', 'ab', 'busybox:local', 'ls', '/data'],
        ['volume', 'rm', 'data'],
        ['rm', '-f', 'ab'],
        ['volume', 'rm', 'data'],
      ]);
      const id = s[4]?.stdout.trim() ?? '';
      expect(id).toMatch(/^[0-9a-f]{64}$/);
      expect(s).toEqual([
        { stdout: expect.stringMatching(/^sha256:[0-9a-f]{64}\n$/), stderr: '', code: 0 },
        { stdout: '', stderr: '', code: 0 },
        { stdout: 'hi\n', stderr: '', code: 0 },
        { stdout: '', stderr: "cat: can't open '/tmp/x': No such file or directory\n", code: 1 },
        { stdout: `${id}\n`, stderr: '', code: 0 },
        { stdout: 'f\n', stderr: '', code: 0 },
        {
          stdout: '',
          stderr: `Error response from daemon: remove data: volume is in use - [${id}]\n`,
          code: 1,
        },
        { stdout: 'ab\n', stderr: '', code: 0 },
        { stdout: 'data\n', stderr: '', code: 0 },
      ]);
    });

    describe('errors and exit codes', () => {
      it.each([
        [['run', '--pull', 'never', 'nosuch:img']],
        [['create', '--pull', 'never', 'nosuch']],
        [['start', 'nope']],
        [['rm', 'nope']],
        [['stop', 'nope']],
        [['kill', 'nope']],
        [['restart', 'nope']],
        [['wait', 'nope']],
        [['logs', 'nope']],
        [['exec', 'nope', 'ls']],
        [['rename', 'nope', 'x']],
        [['inspect', 'nope']],
        [['run', '--bogus']],
        [['run']],
        [['create']],
        [['start']],
        [['exec', 'x']],
        [['container', 'bogus']],
        [['image', 'bogus']],
        [['system', 'bogus']],
        [['run', '--rm', '--env-file', 'nofile', 'busybox:local', 'true']],
        [['run', '--rm=bogus', 'busybox:local']],
        [['run', '--pull', 'bogus', 'busybox:local']],
        [['run', '-e', '=x', 'busybox:local']],
        [['run', '-v', ':/x', 'busybox:local']],
        [['run', '--mount', 'type=bogus', 'busybox:local']],
        [['run', '-d', '-a', 'stdout', 'busybox:local', 'true']],
        [['run', '-i', '-t', 'busybox:local', 'true']],
        [['run', '--rm', 'busybox:local', 'sh', '-c', 'exit 3']],
        [['run', '--rm', 'busybox:local', 'nosuchcmd']],
        [['run', '--rm', 'busybox:local', '/etc']],
      ])('%j', async (args) => {
        await compare([args]);
      });

      it('propagates exit codes and the daemon texts for missing commands', async () => {
        const [exit3, missing] = await compare([
          ['run', '--rm', 'busybox:local', 'sh', '-c', 'exit 3'],
          ['run', '--rm', 'busybox:local', 'nosuchcmd'],
        ]);
        expect(exit3?.code).toBe(3);
        expect(missing?.code).toBe(127);
        expect(missing?.stderr).toMatch(
          /^strata: Error response from daemon: .*exec: "nosuchcmd": executable file not found in \$PATH/,
        );
      });

      it('reports name conflicts and running containers', async () =>
        compare(
          [
            ['run', '--name', 'ab', 'busybox:local', 'true'],
            ['create', '--name', 'ab', 'busybox:local', 'true'],
            ['rm', 'ab'],
            ['start', '-a', 'ab', 'nope'],
            ['rename', 'ab', 'ab'],
            ['rename', 'ab', ' '],
          ],
          [['run', '-d', '--name', 'ab', 'busybox:local', 'sleep', '600']],
        ));
    });

    describe('ps', () => {
      const three: Setup[] = [
        ['run', '-d', '--name', 'c1', '-v', 'v1:/data', 'busybox:local', 'sleep', '600'],
        ['create', '--name', 'c2', 'busybox:local', 'echo', 'hi'],
        { args: ['run', '--name', 'c3', 'busybox:local', 'sh', '-c', 'exit 2'], code: 2 },
      ];
      it.each([
        [['ps']],
        [['ps', '-a']],
        [['ps', '-q']],
        [['ps', '-aq']],
        [['ps', '--format', '{{.Names}} {{.Status}}']],
        [['ps', '-a', '--format', '{{.Names}}\t{{.Mounts}}\t{{.LocalVolumes}}\t{{.State}}\t{{.Command}}']],
        [['ps', '-a', '--format', 'table {{.Names}}\t{{.Image}}\t{{.Status}}']],
        [['ps', '-a', '--format', 'json']],
        [['ps', '-a', '--format', '{{.Platform}} {{json .Platform}} {{.Label "k"}} {{.Networks}}']],
        [['ps', '-a', '--format', 'raw']],
        [['ps', '-a', '--filter', 'volume=v1']],
        [['ps', '-a', '--filter', 'status=exited']],
        [['ps', '-a', '--filter', 'name=c2', '--format', '{{.Names}}']],
        [['ps', '-f', 'bogus=1']],
        [['ps', '-s']],
        [['ps', '-a', '-s']],
        [['ps', '--no-trunc']],
        [['ps', '--format', '{{.Nope}}']],
        [['ps', 'extra']],
      ])('%j', async (args) => {
        await compare([args], three);
      });
    });

    describe('lifecycle', () => {
      it('create, start -a, wait, logs (-t, --tail)', async () => {
        // Lines on stdout and stderr reach the log in either order; the last one comes well after.
        const script = 'echo out; echo err >&2; sleep 0.3; echo last >&2; exit 4';
        const s = await compare([
          ['create', '--name', 'cs', 'busybox:local', 'sh', '-c', script],
          ['start', '-a', 'cs'],
          ['wait', 'cs'],
          ['logs', 'cs'],
          ['logs', '-t', 'cs'],
          ['logs', '--tail', '1', 'cs'],
          ['logs', '-n', '0', 'cs'],
          ['logs', '--tail', 'x', 'cs'],
          ['ps', '-a', '--format', '{{.Names}} {{.State}} {{.Status}}'],
        ]);
        expect(s[1]).toEqual({ stdout: 'out\n', stderr: 'err\nlast\n', code: 4 });
        expect(s[2]).toEqual({ stdout: '4\n', stderr: '', code: 0 });
        expect(s[4]?.stdout).toMatch(/^\d{4}-\S+Z out\n$/);
        expect(s[5]).toEqual({ stdout: '', stderr: 'last\n', code: 0 });
      });

      it('stop -t 0, start, kill, restart -t 0, wait, rename', async () => {
        const state = (name: string) => [
          'inspect',
          '-f',
          '{{.Name}} {{.State.Status}} {{.State.ExitCode}}',
          name,
        ];
        const s = await compare(
          [
            ['stop', '-t', '0', 'r1'],
            state('r1'),
            ['stop', 'r1'],
            ['kill', 'r1'],
            ['start', 'r1'],
            ['kill', 'r1'],
            ['wait', 'r1'],
            ['restart', '-t', '0', 'r1'],
            state('r1'),
            ['kill', '-s', 'TERM', 'nope', 'r1'],
            ['rename', 'r1', 'r2'],
            state('r2'),
            ['ps', '-a', '--format', '{{.Names}}'],
          ],
          [['run', '-d', '--name', 'r1', 'busybox:local', 'sleep', '600']],
        );
        expect(s.map((r) => r.code)).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0]);
        expect(s[6]?.stdout).toBe('137\n');
        expect(s[8]?.stdout).toBe('/r1 running 0\n');
        expect(s[11]?.stdout).toBe('/r2 running 0\n');
      });

      it('exec: output, exit code, options, stdin', async () => {
        const s = await compare(
          [
            ['exec', 'e1', 'sh', '-c', 'echo e-out; echo e-err >&2; exit 5'],
            ['exec', '-w', '/tmp', 'e1', 'pwd'],
            ['exec', '-e', 'A=1', 'e1', 'sh', '-c', 'echo $A'],
            ['exec', '-u', 'nobody', 'e1', 'id'],
            ['exec', '-d', 'e1', 'true'],
            { args: ['exec', '-i', 'e1', 'cat'], stdin: 'piped\n' },
            ['exec', 'e1', 'nosuch'],
            ['exec', 'stopped', 'true'],
          ],
          [
            ['run', '-d', '--name', 'e1', 'busybox:local', 'sleep', '600'],
            ['create', '--name', 'stopped', 'busybox:local', 'true'],
          ],
        );
        expect(s[0]).toEqual({ stdout: 'e-out\n', stderr: 'e-err\n', code: 5 });
        expect(s[5]).toEqual({ stdout: 'piped\n', stderr: '', code: 0 });
        // A command that does not exist: the runtime's text and 127, as dockerd records it.
        expect(s[6]?.code).toBe(127);
        expect(s[6]?.stdout).toContain('exec: "nosuch": executable file not found in $PATH');
      });

      it('inspect: templates, --type, sizes, errors', async () => {
        await compare(
          [
            [
              'inspect',
              '-f',
              '{{.Name}} {{.State.Status}} {{json .Config.Cmd}} {{index .Config.Labels "k"}}',
              'i1',
            ],
            [
              'inspect',
              '--type',
              'container',
              '-f',
              '{{.Name}} {{range .Mounts}}{{.Name}}:{{.Destination}}{{end}}',
              'i1',
            ],
            ['inspect', '--type', 'image', '-f', '{{.RepoTags}} {{.Os}} {{.Architecture}}', 'busybox:local'],
            ['inspect', '--type', 'volume', '-f', '{{.Name}} {{.Driver}}', 'iv'],
            ['inspect', '--type', 'image', 'i1'],
            ['inspect', '--type', 'volume', 'i1'],
            ['inspect', '--type', 'bogus', 'i1'],
            ['container', 'inspect', '-f', '{{.HostConfig.AutoRemove}}', 'i1', 'nope'],
            ['container', 'inspect', '-s', '-f', '{{.SizeRw}} {{.SizeRootFs}}', 'i1'],
            ['inspect', '-f', '{{.SizeRw}} {{.State.Health}} {{.ImageManifestDescriptor}}', 'i1'],
            ['inspect', '-f', '{{json .Config}} {{json .State}}', 'i1'],
            [
              'image',
              'inspect',
              '-f',
              '{{.Variant}}|{{.VirtualSize}}|{{.Descriptor}}|{{json .}}',
              'busybox:local',
            ],
            ['inspect', '-s', '--type', 'image', '-f', '{{.Id}}', 'busybox:local'],
            ['inspect', '-f', '{{.Nope}}', 'i1'],
            ['inspect', '-f', '{{.Name', 'i1'],
            ['image', 'inspect', '-f', '{{.Nope}}', 'busybox:local'],
            ['container', 'inspect', 'i1'],
            ['image', 'inspect', 'busybox:local'],
          ],
          [
            [
              'run',
              '-d',
              '--name',
              'i1',
              '-v',
              'iv:/data',
              '--label',
              'k=v',
              'busybox:local',
              'sleep',
              '600',
            ],
          ],
        );
      });

      it("volume inspect of a volume in use: docker's fields, then Strata's UsedBy and LastMounted", async () => {
        const { docker: d, strata: s } = await bothRun(
          [['volume', 'inspect', 'iv']],
          [['run', '-d', '--name', 'i2', '-v', 'iv:/data', 'busybox:local', 'sleep', '600']],
        );
        const [dv] = JSON.parse(d[0]?.stdout ?? '') as Array<Record<string, unknown>>;
        const [sv] = JSON.parse(s[0]?.stdout ?? '') as Array<Record<string, unknown>>;
        const { UsedBy, LastMounted, ...dockerFields } = sv ?? {};
        expect(Object.keys(sv ?? {})).toEqual([...Object.keys(dv ?? {}), 'UsedBy', 'LastMounted']);
        expect({ ...dockerFields, CreatedAt: '' }).toEqual({ ...dv, CreatedAt: '' });
        expect(UsedBy).toEqual([{ Id: expect.stringMatching(/^[0-9a-f]{64}$/), Name: 'i2', Running: true }]);
        expect(LastMounted).toMatch(/^\d{4}-\d\d-\d\dT/);
      });

      it('rm -v removes anonymous volumes only', async () => {
        const s = await compare([
          ['create', '--name', 'rv', '-v', '/anon', '-v', 'named1:/n', 'busybox:local', 'true'],
          ['volume', 'ls', '-q'],
          ['rm', '-v', 'rv'],
          ['volume', 'ls', '-q'],
        ]);
        expect(lines(s[1]?.stdout ?? '').sort()).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/), 'named1']);
        expect(s[3]?.stdout).toBe('named1\n');
      });
    });

    describe('images', () => {
      it.each([
        [['images']],
        [['images', '-q']],
        [['images', '--no-trunc', '-q']],
        [['images', '--format', '{{.Repository}}:{{.Tag}} {{.ID}} {{.Size}}']],
        [['images', '--format', 'json']],
        [['images', 'busybox']],
        [['images', 'nope']],
        [['image', 'ls', '-f', 'bogus=1']],
        [['image', 'inspect', '-f', '{{.Id}} {{.RepoTags}} {{.Os}}', 'busybox:local']],
        [['image', 'inspect', 'nope']],
      ])('%j', async (args) => {
        await compare([args]);
      });

      it('tag and rmi', async () => {
        const s = await compare([
          ['tag', 'busybox:local', 'busybox:t2'],
          ['images', '--format', '{{.Repository}}:{{.Tag}}'],
          ['tag', 'nope', 'busybox:t3'],
          ['tag', 'busybox:local', 'Bad:x'],
          ['rmi', 'busybox:t2'],
          ['rmi', 'nope'],
          ['rmi', '-f', 'nope'],
          ['images', '--format', '{{.Repository}}:{{.Tag}}'],
        ]);
        expect(s[1]?.stdout).toBe('busybox:local\nbusybox:t2\n');
        expect(s[4]).toEqual({ stdout: 'Untagged: busybox:t2\n', stderr: '', code: 0 });
      });

      it('rmi of an image a container uses is a conflict', async () => {
        const [conflict] = await compare(
          [['rmi', 'busybox:local']],
          [['create', '--name', 'user', 'busybox:local', 'true']],
        );
        expect(conflict?.code).toBe(1);
        expect(conflict?.stderr).toMatch(
          /^Error response from daemon: conflict: unable to remove repository reference "busybox:local" \(must force\) - container [0-9a-f]{12} is using its referenced image [0-9a-f]{12}\n$/,
        );
      });

      it('load -i (a docker save archive made by the test helpers)', async () => {
        // Strata has no GET /images/get (`docker save` answers "page not found"), so the archive is
        // built by makeDockerSave rather than saved from the daemon.
        const s = await compare([
          ['load', '-i', join(dir, 'save.tar')],
          ['load', '-q', '-i', join(dir, 'save.tar')],
          ['images', '--format', '{{.Repository}}:{{.Tag}}'],
          ['load', '-i', join(dir, 'nope.tar')],
          ['load'],
        ]);
        expect(s[0]).toEqual({ stdout: 'Loaded image: busybox:saved\n', stderr: '', code: 0 });
      });

      describe.skipIf(registryUnavailableReason() !== undefined)(
        `pull from a local registry${registryUnavailableReason() ? ` — skipped: ${registryUnavailableReason()}` : ''}`,
        () => {
          let registry: LocalRegistry;
          let pushed: PushedImage;
          beforeAll(async () => {
            registry = await startRegistry();
            pushed = await pushImage(registry, 'busybox', 'latest', { layers: [readFileSync(rootfs())] });
          });
          afterAll(async () => registry?.stop());

          it('pull, pull again, pull a missing one, run pulling a missing image', async () => {
            const ref = `${registry.host}/busybox`;
            // A first pull (undone) leaves the layer known to the daemon, so that both CLIs see
            // the same progress ("Already exists") whichever runs first.
            const prime: Setup[] = [
              ['pull', ref],
              ['rmi', `${ref}:latest`],
            ];
            const s = await compare(
              [
                ['pull', ref],
                ['pull', ref],
                ['pull', `${registry.host}/nope`],
                ['images', '--digests', '--format', '{{.Repository}} {{.Tag}} {{.Digest}}', ref],
                ['rmi', `${ref}:latest`],
                ['run', '--rm', ref, 'echo', 'pulled'],
                ['pull', '-q', ref],
              ],
              prime,
            );
            expect(s[0]?.stdout).toContain(
              `Digest: ${pushed.digest}\nStatus: Downloaded newer image for ${ref}:latest\n`,
            );
            expect(s[5]).toMatchObject({ stdout: 'pulled\n', code: 0 });
            expect(s[5]?.stderr).toMatch(new RegExp(`^Unable to find image '${ref}:latest' locally\n`));
          });
        },
      );
    });

    describe('stdin', () => {
      it('run -i passes stdin and half-closes it', async () => {
        const [hello] = await compare([
          { args: ['run', '-i', '--rm', 'busybox:local', 'cat'], stdin: 'hello\n' },
        ]);
        expect(hello).toEqual({ stdout: 'hello\n', stderr: '', code: 0 });
      });

      it.each([
        [
          {
            args: ['run', '-i', '--rm', 'busybox:local', 'sh', '-c', 'cat; echo done >&2; exit 7'],
            stdin: 'a\nb\n',
          },
        ],
        [{ args: ['run', '-i', '--rm', 'busybox:local', 'wc', '-l'], stdin: '' }],
        [{ args: ['run', '--rm', 'busybox:local', 'cat'], stdin: 'not attached\n' }],
        [
          {
            args: ['run', '-a', 'stdout', '--rm', 'busybox:local', 'sh', '-c', 'echo o; echo e >&2'],
            stdin: '',
          },
        ],
      ])('%j', async (step) => {
        await compare([step]);
      });
    });
  },
);
