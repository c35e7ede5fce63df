import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCKER_CLI, dockerCliAvailable } from '../helpers/docker-cli.js';
import { STRATA_BIN, startStrata, type StrataDaemon } from '../helpers/strata-daemon.js';

// The `strata` CLI is a drop-in for `docker volume …`: for each case both CLIs talk to the same
// Strata daemon from the same state, and their stdout, stderr and exit status must be the same once
// the program name is swapped ("docker" → "strata").

interface Run {
  stdout: string;
  stderr: string;
  code: number | null;
}

function run(bin: string[], args: string[], env: NodeJS.ProcessEnv, stdin = ''): Promise<Run> {
  return new Promise((resolve) => {
    const [cmd, ...pre] = bin as [string, ...string[]];
    const child = spawn(cmd, [...pre, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ stdout, stderr, code }));
    child.stdin.end(stdin);
  });
}

const skip = dockerCliAvailable() ? undefined : `${DOCKER_CLI} is not installed`;

describe.skipIf(skip !== undefined)(`strata CLI vs docker CLI${skip ? ` — skipped: ${skip}` : ''}`, () => {
  let daemon: StrataDaemon;
  let configDir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    daemon = await startStrata();
    configDir = mkdtempSync(join(tmpdir(), 'strata-cli-config-'));
    env = {
      PATH: process.env.PATH,
      HOME: configDir,
      TZ: 'UTC',
      DOCKER_HOST: `unix://${daemon.socket}`,
      DOCKER_CONFIG: configDir,
    };
  });
  afterAll(async () => {
    await daemon?.stop();
    rmSync(configDir, { recursive: true, force: true });
  });

  /** Runs setup with docker, then the case with both CLIs from the same starting state. */
  async function compare(args: string[], opts: { setup?: string[][]; stdin?: string; config?: object } = {}) {
    const results: Run[] = [];
    for (const bin of [[DOCKER_CLI], [process.execPath, STRATA_BIN]]) {
      await run([DOCKER_CLI], ['volume', 'prune', '-af'], env);
      for (const s of opts.setup ?? []) await run([DOCKER_CLI], s, env);
      writeFileSync(join(configDir, 'config.json'), JSON.stringify(opts.config ?? {}));
      results.push(await run(bin, args, env, opts.stdin));
    }
    const [docker, strata] = results as [Run, Run];
    // Anonymous names and creation times differ between the two runs by nature, and docker 28
    // prints a volume's labels in Go map order (random): sort `k=v,k=v` lists.
    const stable = (s: string): string =>
      s
        .replace(/[0-9a-f]{64}/g, '<id>')
        .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g, '<time>')
        .replace(/[\w.-]+=[^,\t\n"]*(?:,[\w.-]+=[^,\t\n"]*)+/g, (list) => list.split(',').sort().join(','));
    const swap = (s: string): string =>
      stable(s.replace(/\bdocker\b/g, 'strata').replace(/Docker daemon/g, 'Strata daemon'));
    expect({ stdout: stable(strata.stdout), stderr: stable(strata.stderr), code: strata.code }).toEqual({
      stdout: swap(docker.stdout),
      stderr: swap(docker.stderr),
      code: docker.code,
    });
  }

  const three = [
    ['volume', 'create', 'vol-10'],
    ['volume', 'create', '--label', 'tier=gold', '--label', 'a=1', 'vol-2'],
    ['volume', 'create', '-o', 'type=tmpfs', '-o', 'device=tmpfs', '-o', 'o=size=1m', 'vol-1'],
  ];

  it.each([
    [['volume', 'create', 'named']],
    [['volume', 'create', '--name', 'flagname']],
    [['volume', 'create', 'a', 'b']],
    [['volume', 'create', '--name', 'x', 'y']],
    [['volume', 'create', 'a']],
    [['volume', 'create', 'bad name']],
    [['volume', 'create', '-d', 'nosuch', 'x1']],
    [['volume', 'create', '-o', 'foo=bar', 'x1']],
    [['volume', 'create', '-o', 'size=1G', 'x1']],
    [['volume', 'create', '--label', '=x', 'x1']],
  ])('create %j', async (args) => compare(args));

  it.each([
    [['volume', 'ls']],
    [['volume', 'list', '-q']],
    [['volume', 'ls', '--format', '{{.Name}}\t{{.Labels}}\t{{.Label "tier"}}']],
    [['volume', 'ls', '--format', 'table {{.Name}}\t{{.Driver}}\t{{.Scope}}']],
    [['volume', 'ls', '--format', 'json']],
    [['volume', 'ls', '--format', 'raw']],
    [['volume', 'ls', '-q', '--format', 'raw']],
    [['volume', 'ls', '--format', '{{json .}}']],
    [['volume', 'ls', '-f', 'label=tier=gold']],
    [['volume', 'ls', '-f', 'name=vol-1', '-f', 'driver=local']],
    [['volume', 'ls', '-f', 'dangling=maybe']],
    [['volume', 'ls', '-f', 'FOO=1']],
    [['volume', 'ls', '-f', 'nofilter']],
    [['volume', 'ls', '-f']],
    [['volume', 'ls', 'extra']],
    [['volume', 'ls', '--bogus']],
    [['volume', 'ls', '--format', '{{.Nope}}']],
    [['volume', 'ls', '--format', '{{.Name']],
  ])('ls %j', async (args) => compare(args, { setup: three }));

  it('ls honours volumesFormat from config.json', async () =>
    compare(['volume', 'ls'], { setup: three, config: { volumesFormat: '{{.Name}} default' } }));

  it.each([
    [['volume', 'inspect', 'vol-2']],
    [['volume', 'inspect', 'vol-1', 'vol-10']],
    [['volume', 'inspect', 'vol-2', 'missing', 'vol-10']],
    [['volume', 'inspect', 'missing']],
    [['volume', 'inspect', '-f', 'json', 'vol-2', 'vol-1']],
    [['volume', 'inspect', '-f', '{{.Name}} {{.Labels}} {{json .Options}}', 'vol-1', 'vol-2']],
    [['volume', 'inspect', '-f', '{{.Foo}}', 'vol-1']],
    [['volume', 'inspect', '-f', '{{.Foo', 'vol-1']],
    [['volume', 'inspect', '-f', '{{.Name}}', 'missing']],
    [['volume', 'inspect', '--format', '{{index .Labels "tier"}}', 'vol-2']],
    [['volume', 'inspect']],
    [['volume', 'inspect', ' ']],
  ])('inspect %j', async (args) => compare(args, { setup: three }));

  it.each([
    [['volume', 'rm', 'vol-1', 'missing', 'vol-2']],
    [['volume', 'rm', '-f', 'missing']],
    [['volume', 'remove', 'vol-10']],
    [['volume', 'rm']],
  ])('rm %j', async (args) => compare(args, { setup: three }));

  it.each([
    ['y', []],
    ['Y', []],
    ['n', []],
    ['anything', []],
    ['', []],
    ['y', ['--all']],
    ['y', ['--filter', 'label=tier=gold', '--all']],
    ['y', ['--all', '--filter', 'all=1']],
  ])('prune answering %j with %j', async (answer, extra) =>
    compare(['volume', 'prune', ...extra], { setup: [...three, ['volume', 'create']], stdin: `${answer}\n` }),
  );

  it.each([[['volume', 'prune', '-f']], [['volume', 'prune', 'x']]])('prune %j', async (args) =>
    compare(args, { setup: [...three, ['volume', 'create']] }),
  );

  it.each([
    [['system', 'df']],
    [['system', 'df', '-v']],
    [['system', 'df', '--format', '{{.Type}}: {{.Size}}']],
  ])('df %j', async (args) => compare(args, { setup: three }));

  it.each([[['volume', 'bogus']], [['volume', '--bogus']], [['volume', 'create', '--bogus']]])(
    'usage errors %j',
    async (args) => compare(args),
  );
});
