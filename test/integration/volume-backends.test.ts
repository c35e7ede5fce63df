import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineClient } from '../../src/client/engine-client.js';
import { readMountPoints } from '../../src/drivers/local/mount-table.js';
import { buildBusyboxRootfs, containerE2eSkipReason } from '../helpers/containers.js';
import { runDocker } from '../helpers/docker-cli.js';
import { daemonErrorOf, runStrata } from '../helpers/strata-cli.js';
import {
  startStrata,
  STRATA_BIN,
  strataUnavailableReason,
  type StrataDaemon,
} from '../helpers/strata-daemon.js';

// Storage backends of the local driver (`-o backend=btrfs|image`, `-o size=`) against a real daemon,
// with runc containers and the official docker CLI: limits hit from inside a container and from the
// host, usage numbers, restarts and kill -9 (during creates too), cleanup of loop devices and
// subvolumes, the daemon's default backend, and refused options.

const MiB = 1024 * 1024;
const skip =
  strataUnavailableReason() ??
  containerE2eSkipReason() ??
  ['mkfs.ext4', 'mkfs.btrfs', 'btrfs', 'losetup', 'debugfs'].find((t) => !onPath(t));

function onPath(tool: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Loop devices whose backing file is under `dir`. */
function loopsUnder(dir: string): string[] {
  const out = execFileSync('losetup', ['--list', '--noheadings', '--output', 'BACK-FILE'], {
    encoding: 'utf8',
  });
  return out
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith(dir));
}

/** Unmounts everything under `dir`, deepest first (mount(8)'s autoclear then frees the loop devices). */
function releaseMounts(dir: string): void {
  const points = readMountPoints()
    .filter((m) => m === dir || m.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
  for (const p of points) execFileSync('umount', ['-l', p]);
}

/** Subvolumes in the daemon's btrfs pool. */
function poolSubvolumes(d: StrataDaemon): string[] {
  const dir = join(d.dataRoot, 'btrfs', 'pool', 'subvolumes');
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

async function startWithBusybox(args: string[]): Promise<StrataDaemon> {
  const d = await startStrata({ args });
  const tar = join(d.dir, 'rootfs.tar');
  writeFileSync(tar, buildBusyboxRootfs());
  const r = await runDocker(['import', tar, 'busybox:local'], { host: `unix://${d.socket}` });
  if (r.code !== 0) throw new Error(`import: ${r.stderr}`);
  return d;
}

async function stopAndRelease(d: StrataDaemon | undefined): Promise<void> {
  if (!d) return;
  await d.kill9().catch(() => undefined);
  releaseMounts(d.dir);
  await d.stop();
}

describe.skipIf(skip !== undefined)(`local volume backends${skip ? ` — skipped: ${skip}` : ''}`, () => {
  let d: StrataDaemon;
  const docker = (args: string[]) => runDocker(args, { host: `unix://${d.socket}`, timeoutMs: 60_000 });
  const client = () => new EngineClient({ host: `unix://${d.socket}` });

  beforeAll(async () => {
    d = await startWithBusybox(['--btrfs-pool-size', '2G']);
  });
  afterAll(async () => {
    await stopAndRelease(d);
  });

  it('image: docker run writing past size gets ENOSPC; usage from the image; rm detaches the loop device', async () => {
    const made = await docker(['volume', 'create', '-o', 'backend=image', '-o', 'size=32M', 'img']);
    expect(made).toMatchObject({ code: 0, stdout: 'img\n' });
    const v = await client().inspectVolume('img');
    expect(v.Options).toEqual({ backend: 'image', size: '32M' });
    expect(v.Mountpoint).toBe(join(d.dataRoot, 'volumes', 'img', '_data'));
    expect(statSync(join(d.dataRoot, 'volumes', 'img', 'volume.ext4')).size).toBe(32 * MiB);

    const run = await docker([
      'run',
      '--rm',
      '-v',
      'img:/data',
      'busybox:local',
      'sh',
      '-c',
      'ls -A /data; dd if=/dev/zero of=/data/big bs=1M count=64; echo "exit $?"; sync',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('exit 1\n'); // an empty volume (no lost+found), then dd failed
    expect(run.stderr).toContain("dd: error writing '/data/big': No space left on device");
    expect(loopsUnder(d.dataRoot)).toEqual([]); // unmounted when the container left

    const sized = await client().inspectVolume('img', { usage: true });
    expect(sized.UsageData?.Size).toBeGreaterThan(20 * MiB);
    expect(sized.UsageData?.Size).toBeLessThanOrEqual(32 * MiB);

    expect(await docker(['volume', 'rm', 'img'])).toMatchObject({ code: 0, stdout: 'img\n' });
    expect(existsSync(join(d.dataRoot, 'volumes', 'img'))).toBe(false);
    expect(loopsUnder(join(d.dataRoot, 'volumes'))).toEqual([]);
  });

  it('btrfs: EDQUOT in a container and from the host while a container holds it; rm deletes the subvolume', async () => {
    const made = await runStrata(d, ['volume', 'create', '-o', 'backend=btrfs', '-o', 'size=16M', 'sub']);
    expect(made).toMatchObject({ code: 0, stdout: 'sub\n' });
    expect(poolSubvolumes(d)).toHaveLength(1);
    const status = await docker(['volume', 'inspect', '--format', '{{json .Status}}', 'sub']);
    expect(status).toMatchObject({ code: 0, stdout: `{"Backend":"btrfs","SizeLimit":${16 * MiB}}\n` });

    const run = await docker([
      'run',
      '--rm',
      '-v',
      'sub:/data',
      'busybox:local',
      'sh',
      '-c',
      'dd if=/dev/zero of=/data/big bs=1M count=64 2>&1; echo "exit $?"',
    ]);
    expect(run.stdout).toContain("dd: error writing '/data/big': Disk quota exceeded");
    expect(run.stdout).toContain('exit 1');

    const held = await docker([
      'run',
      '-d',
      '--name',
      'holder',
      '-v',
      'sub:/data',
      'busybox:local',
      'sleep',
      '60',
    ]);
    expect(held.code, held.stderr).toBe(0);
    const mountpoint = join(d.dataRoot, 'volumes', 'sub', '_data');
    expect(readMountPoints()).toContain(mountpoint);
    rmSync(join(mountpoint, 'big'));
    execFileSync('sync');
    let hostErr = '';
    try {
      execFileSync('dd', ['if=/dev/zero', `of=${join(mountpoint, 'host')}`, 'bs=1M', 'count=64'], {
        stdio: 'pipe',
      });
    } catch (err) {
      hostErr = String((err as { stderr?: Buffer }).stderr);
    }
    expect(hostErr).toContain('Disk quota exceeded');
    const seen = await docker(['exec', 'holder', 'ls', '/data']);
    expect(seen).toMatchObject({ code: 0, stdout: 'host\n' });
    expect(await docker(['rm', '-f', 'holder'])).toMatchObject({ code: 0 });

    execFileSync('sync');
    const sized = await client().inspectVolume('sub', { usage: true });
    expect(sized.UsageData?.Size).toBeGreaterThan(8 * MiB);
    expect(sized.UsageData?.Size).toBeLessThanOrEqual(17 * MiB);

    expect(await docker(['volume', 'rm', 'sub'])).toMatchObject({ code: 0, stdout: 'sub\n' });
    expect(poolSubvolumes(d)).toEqual([]);
  });

  it('refuses bad options with a 400 and makes nothing; the daemon stays up', async () => {
    const c = client();
    const cases: Array<[Record<string, string>, string]> = [
      [
        { size: '1G' },
        "quota size requested but no quota support: the dir backend cannot limit a volume's size; use -o backend=btrfs or -o backend=image",
      ],
      [{ backend: 'dir', size: '10M' }, 'quota size requested but no quota support: the dir backend'],
      [{ backend: 'zfs' }, 'invalid backend: "zfs": valid backends are dir, btrfs, image'],
      [
        { backend: 'btrfs', type: 'tmpfs', device: 'tmpfs' },
        'backend=btrfs cannot be combined with type or device',
      ],
      [
        { backend: 'image', size: '100k' },
        "invalid size: '100k': the image backend needs at least 1048576 bytes",
      ],
      [{ backend: 'image', size: 'huge' }, "invalid size: 'huge'"],
      [
        { backend: 'image', size: '20T' },
        "invalid size: '20T': the image backend makes images of at most 17592186044416 bytes (16TiB)",
      ],
      [{ backend: 'image', size: '999P' }, "invalid size: '999P'"],
      [{ backend: 'btrfs', size: '99999P' }, "invalid size: '99999P'"],
    ];
    for (const [opts, text] of cases) {
      const [status, message] = await daemonErrorOf(c.createVolume({ Name: 'bad', DriverOpts: opts }));
      expect(status, JSON.stringify(opts)).toBe(400);
      expect(message).toContain(`create bad: ${text}`);
    }
    const cli = await docker(['volume', 'create', '-o', 'backend=nope', 'bad']);
    expect(cli).toMatchObject({
      code: 1,
      stderr:
        'Error response from daemon: create bad: invalid backend: "nope": valid backends are dir, btrfs, image\n',
    });
    expect(readdirSync(join(d.dataRoot, 'volumes')).filter((e) => e !== 'metadata.db')).toEqual([]);
    expect((await c.listVolumes()).Volumes).toEqual([]);
  });

  it('keeps btrfs and image volumes usable across a restart and a kill -9, a container running', async () => {
    await docker(['volume', 'create', '-o', 'backend=btrfs', 'keep-b']);
    await docker(['volume', 'create', '-o', 'backend=image', '-o', 'size=16M', 'keep-i']);
    const write = await docker([
      'run',
      '--rm',
      '-v',
      'keep-b:/b',
      '-v',
      'keep-i:/i',
      'busybox:local',
      'sh',
      '-c',
      'echo b > /b/f; echo i > /i/f',
    ]);
    expect(write.code, write.stderr).toBe(0);
    await docker(['run', '-d', '--name', 'runner', '-v', 'keep-i:/i', 'busybox:local', 'sleep', '120']);
    await d.restart();
    await d.kill9();
    await d.restart();
    const read = await docker([
      'run',
      '--rm',
      '-v',
      'keep-b:/b',
      '-v',
      'keep-i:/i',
      'busybox:local',
      'cat',
      '/b/f',
      '/i/f',
    ]);
    expect(read).toMatchObject({ code: 0, stdout: 'b\ni\n' });
    expect(await docker(['exec', 'runner', 'cat', '/i/f'])).toMatchObject({ code: 0, stdout: 'i\n' });
    expect(await docker(['rm', '-f', 'runner'])).toMatchObject({ code: 0 });
    expect(await docker(['volume', 'rm', 'keep-b', 'keep-i'])).toMatchObject({ code: 0 });
    expect(loopsUnder(join(d.dataRoot, 'volumes'))).toEqual([]);
    expect(poolSubvolumes(d)).toEqual([]);
  });

  it('kill -9 during creates leaves no half volume: start-up settles staging and orphan subvolumes', async () => {
    const c = () => client();
    let cutShort = 0;
    for (let round = 0; round < 6; round++) {
      const creates = Array.from({ length: 6 }, (_, i) =>
        c()
          .createVolume({
            Name: `crash-${round}-${i}`,
            DriverOpts: i % 2 === 0 ? { backend: 'btrfs', size: '8M' } : { backend: 'image', size: '8M' },
          })
          .catch(() => undefined),
      );
      await new Promise((r) => setTimeout(r, 5 + round * 7));
      await d.kill9();
      await Promise.all(creates);
      await d.restart();
      const root = join(d.dataRoot, 'volumes');
      expect(readdirSync(root).filter((e) => e.startsWith('.staging-'))).toEqual([]);
      const listed = (await c().listVolumes()).Volumes.map((v) => v.Name).sort();
      const onDisk = readdirSync(root)
        .filter((e) => e.startsWith('crash-'))
        .sort();
      expect(onDisk).toEqual(listed.filter((n) => n.startsWith('crash-')));
      if (onDisk.filter((n) => n.startsWith(`crash-${round}-`)).length < 6) cutShort++;
      // Every pool subvolume belongs to a listed volume.
      const refs = onDisk
        .map((n) => join(root, n, 'storage.json'))
        .filter((f) => existsSync(f))
        .map((f) => (JSON.parse(readFileSync(f, 'utf8')) as { Ref?: string }).Ref);
      expect(poolSubvolumes(d)).toEqual(refs.filter((r) => r !== undefined).sort());
    }
    expect(cutShort).toBeGreaterThan(0); // the kills did land during creates
    const left = (await client().listVolumes()).Volumes.map((v) => v.Name);
    for (const name of left) await client().removeVolume(name);
    expect(poolSubvolumes(d)).toEqual([]);
    expect(loopsUnder(join(d.dataRoot, 'volumes'))).toEqual([]);
  }, 120_000);
});

describe.skipIf(skip !== undefined)(
  `the daemon's default backend${skip ? ` — skipped: ${skip}` : ''}`,
  () => {
    let d: StrataDaemon | undefined;
    afterAll(async () => {
      await stopAndRelease(d);
    });

    it('--volume-backend image: volumes without a backend, anonymous ones included, are images', async () => {
      d = await startWithBusybox(['--volume-backend', 'image', '--image-default-size', '16M']);
      const docker = (args: string[]) => runDocker(args, { host: `unix://${d?.socket}`, timeoutMs: 60_000 });
      expect(await docker(['volume', 'create', 'named'])).toMatchObject({ code: 0 });
      expect(statSync(join(d.dataRoot, 'volumes', 'named', 'volume.ext4')).size).toBe(16 * MiB);
      const run = await docker([
        'run',
        '--rm',
        '-v',
        '/anon',
        'busybox:local',
        'sh',
        '-c',
        'df -k /anon | tail -1',
      ]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^\/dev\/loop\d+ /);
      expect(await docker(['volume', 'create', '-o', 'backend=dir', 'plain'])).toMatchObject({ code: 0 });
      expect(readdirSync(join(d.dataRoot, 'volumes', 'plain')).sort()).toEqual(['_data', 'opts.json']);
      // A tmpfs volume is its own storage: the default backend does not apply.
      expect(
        await docker([
          'volume',
          'create',
          '-o',
          'type=tmpfs',
          '-o',
          'device=tmpfs',
          '-o',
          'o=size=1m',
          'tmp',
        ]),
      ).toMatchObject({ code: 0 });
      expect(existsSync(join(d.dataRoot, 'volumes', 'tmp', 'volume.ext4'))).toBe(false);
    });

    it('refuses an unknown --volume-backend and a too small pool before starting', async () => {
      const run = (args: string[]) =>
        new Promise<{ code: number; stderr: string }>((resolve) => {
          execFile(
            process.execPath,
            [STRATA_BIN, 'daemon', ...args],
            { timeout: 20_000 },
            (err, _o, stderr) => {
              resolve({ code: err ? Number(err.code) : 0, stderr });
            },
          );
        });
      const dir = mkdtempSync(join(tmpdir(), 'strata-badflag-'));
      try {
        const host = ['--host', `unix://${join(dir, 's.sock')}`, '--data-root', join(dir, 'root')];
        expect(await run([...host, '--volume-backend', 'zfs'])).toEqual({
          code: 125,
          stderr: 'strata daemon: invalid volume backend: zfs (dir, btrfs, image)\n',
        });
        expect(await run([...host, '--btrfs-pool-size', '1M'])).toEqual({
          code: 125,
          stderr: 'strata daemon: invalid --btrfs-pool-size: 1M (at least 268435456 bytes)\n',
        });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);
