import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kindOf } from '../../errors/index.js';
import { runVolumeDriverContract } from '../volume-driver.contract.js';
import type { BackendName } from './backends/storage-backend.js';
import { LocalDriver, type LocalDriverOptions } from './local-driver.js';
import { readMountPoints } from './mount-table.js';

// The local driver on its btrfs and image backends, for real: loop devices, mkfs, qgroups (root only).
const skip =
  process.getuid?.() !== 0
    ? 'loop devices and mounts need root'
    : ['mkfs.ext4', 'mkfs.btrfs', 'btrfs', 'losetup', 'debugfs'].find((t) => !onPath(t));

function onPath(tool: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const MiB = 1024 * 1024;
const made: LocalDriver[] = [];

async function makeDriver(base: string, extra: Partial<LocalDriverOptions> = {}): Promise<LocalDriver> {
  const d = new LocalDriver({
    root: join(base, 'volumes'),
    trash: join(base, 'trash'),
    btrfsPoolSize: 1024 * MiB,
    ...extra,
  });
  made.push(d);
  await d.init();
  return d;
}

/** Unmounts everything under `base` (deepest first; autoclear frees the loop devices) and deletes it. */
function release(base: string): void {
  const points = readMountPoints()
    .filter((m) => m === base || m.startsWith(`${base}/`))
    .sort((a, b) => b.length - a.length);
  for (const p of points) execFileSync('umount', ['-l', p]);
  rmSync(base, { recursive: true, force: true });
}

/** Loop devices backed by files under `base`. */
function loopsUnder(base: string): string[] {
  const out = execFileSync('losetup', ['--list', '--noheadings', '--output', 'BACK-FILE'], {
    encoding: 'utf8',
  });
  return out
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith(base));
}

/** Writes `mib` MiB of random bytes; resolves with the errno code that stopped it, if any. */
function writeMiB(path: string, mib: number): string | undefined {
  try {
    execFileSync('dd', ['if=/dev/urandom', `of=${path}`, 'bs=1M', `count=${mib}`, 'conv=fsync'], {
      stdio: 'pipe',
    });
    return undefined;
  } catch (err) {
    const text = String((err as { stderr?: Buffer }).stderr ?? '');
    if (/No space left/.test(text)) return 'ENOSPC';
    if (/quota exceeded/i.test(text)) return 'EDQUOT';
    return text;
  }
}

for (const backend of ['btrfs', 'image'] as const) {
  runVolumeDriverContract(
    `LocalDriver, ${backend} backend by default`,
    async () => {
      const base = mkdtempSync(join(tmpdir(), `strata-${backend}-`));
      const opts = { defaultBackend: backend as BackendName, imageDefaultSize: 32 * MiB };
      return {
        driver: await makeDriver(base, opts),
        reload: () => makeDriver(base, opts),
        cleanup: async () => {
          await Promise.all(made.splice(0).map((d) => d.close()));
          release(base);
        },
      };
    },
    { persistent: true },
  );
}

describe.skipIf(skip !== undefined)(`LocalDriver backends${skip ? ` — skipped: ${skip}` : ''}`, () => {
  let base: string;
  let driver: LocalDriver;
  beforeEach(async () => {
    base = mkdtempSync(join(tmpdir(), 'strata-backends-'));
    driver = await makeDriver(base);
  });
  afterEach(async () => {
    await Promise.all(made.splice(0).map((d) => d.close()));
    release(base);
  });

  it('image: a sparse ext4 image per volume, loop-mounted while used, ENOSPC past its size', async () => {
    const v = await driver.create('img', { backend: 'image', size: '16M', uid: '1000', mode: '0750' });
    const dir = join(base, 'volumes', 'img');
    expect(readdirSync(dir).sort()).toEqual(['_data', 'opts.json', 'volume.ext4']);
    expect(statSync(join(dir, 'volume.ext4')).size).toBe(16 * MiB);
    // Sparse: only metadata and the (4 MiB) journal hold blocks.
    expect(statSync(join(dir, 'volume.ext4')).blocks * 512).toBeLessThan(8 * MiB);
    expect(JSON.parse(readFileSync(join(dir, 'opts.json'), 'utf8'))).toEqual({
      MountType: '',
      MountOpts: '',
      MountDevice: '',
      Quota: { Size: 16 * MiB },
      StrataOwner: { uid: 1000, mode: 0o750 },
      StrataBackend: 'image',
    });
    expect(readMountPoints()).not.toContain(v.mountpoint);
    expect(v.status).toEqual({ Backend: 'image', SizeLimit: 16 * MiB });

    expect(await driver.mount('img', 'c1')).toBe(v.mountpoint);
    expect(readMountPoints()).toContain(v.mountpoint);
    expect(readdirSync(v.mountpoint)).toEqual([]); // no lost+found: copy-up sees an empty volume
    const st = statSync(v.mountpoint);
    expect([st.uid, st.gid, st.mode & 0o7777]).toEqual([1000, 0, 0o750]);
    expect(writeMiB(join(v.mountpoint, 'big'), 32)).toBe('ENOSPC');
    const mounted = await driver.accountedUsage('img');
    // The image holds ext4's own metadata and a 4 MiB journal: about 12 MiB of 16 are data.
    expect(mounted).toBeGreaterThan(10 * MiB);
    expect(mounted).toBeLessThanOrEqual(16 * MiB);
    expect(loopsUnder(base)).toHaveLength(1);

    await driver.unmount('img', 'c1');
    expect(readMountPoints()).not.toContain(v.mountpoint);
    expect(loopsUnder(base)).toEqual([]);
    // Unmounted: the superblock's count, the same blocks as statfs gave.
    expect(Math.abs(((await driver.accountedUsage('img')) ?? 0) - (mounted ?? 0))).toBeLessThan(64 * 1024);
    expect(await driver.usage('img')).toBe(await driver.accountedUsage('img'));

    await driver.remove('img');
    await driver.drained();
    expect(existsSync(dir)).toBe(false);
    expect(loopsUnder(base)).toEqual([]);
  });

  it('image: the default size when none is asked, and owner options at create', async () => {
    const d = await makeDriver(base, { imageDefaultSize: 1024 * MiB });
    await d.create('dflt', { backend: 'image', gid: '50' });
    const image = join(base, 'volumes', 'dflt', 'volume.ext4');
    expect(statSync(image).size).toBe(1024 * MiB);
    // The size in force is recorded (and shown), though none was asked.
    expect(d.get('dflt')?.status).toEqual({ Backend: 'image', SizeLimit: 1024 * MiB });
    const opts = JSON.parse(readFileSync(join(base, 'volumes', 'dflt', 'opts.json'), 'utf8')) as {
      Quota: { Size: number };
    };
    expect(opts.Quota.Size).toBe(1024 * MiB);
    expect(statSync(image).blocks * 512).toBeLessThan(80 * MiB); // a 64 MiB journal, no zeroed tables
    await d.mount('dflt', 'c1');
    const st = statSync(d.path('dflt'));
    expect([st.uid, st.gid, st.mode & 0o7777]).toEqual([0, 50, 0o755]);
    await d.unmount('dflt', 'c1');
  });

  it('btrfs pool: a loop-mounted pool with quotas, a subvolume per volume, EDQUOT past size', async () => {
    const v = await driver.create('sub', { backend: 'btrfs', size: '16M' });
    const pool = join(base, 'btrfs', 'pool');
    expect(readMountPoints()).toContain(pool);
    const state = JSON.parse(readFileSync(join(base, 'volumes', 'sub', 'storage.json'), 'utf8')) as {
      Ref: string;
      SubvolumeId: number;
    };
    expect(existsSync(join(pool, 'subvolumes', state.Ref))).toBe(true);

    await driver.mount('sub', 'c1');
    expect(readMountPoints()).toContain(v.mountpoint);
    expect(writeMiB(join(v.mountpoint, 'big'), 32)).toBe('EDQUOT');
    execFileSync('sync');
    const used = (await driver.accountedUsage('sub')) ?? 0;
    expect(used).toBeGreaterThan(12 * MiB);
    expect(used).toBeLessThanOrEqual(17 * MiB);
    await driver.unmount('sub', 'c1');
    expect(readMountPoints()).not.toContain(v.mountpoint);
    // Unmounted, Docker's walk reads the subvolume itself.
    expect(await driver.usage('sub')).toBe(statSync(join(pool, 'subvolumes', state.Ref, 'big')).size);

    await driver.rename?.('sub', 'sub2');
    expect(await driver.mount('sub2', 'c2')).toBe(join(base, 'volumes', 'sub2', '_data'));
    expect(existsSync(join(base, 'volumes', 'sub2', '_data', 'big'))).toBe(true);
    await driver.unmount('sub2', 'c2');
    await driver.remove('sub2');
    expect(existsSync(join(pool, 'subvolumes', state.Ref))).toBe(false);
  });

  it('btrfs pool: after a reboot (pool unmounted) start-up mounts it again and deletes orphans', async () => {
    await driver.create('keep', { backend: 'btrfs' });
    await driver.mount('keep', 'c1');
    writeFileSync(join(driver.path('keep'), 'f'), 'data');
    await driver.unmount('keep', 'c1');
    const pool = join(base, 'btrfs', 'pool');
    // What a create cut short before its commit leaves: a subvolume nobody refers to, a staging dir.
    execFileSync('btrfs', ['subvolume', 'create', join(pool, 'subvolumes', 'orphan')]);
    mkdirSync(join(base, 'volumes', '.staging-cut'));
    await driver.close();
    execFileSync('umount', [pool]);
    expect(readMountPoints()).not.toContain(pool);

    const again = await makeDriver(base);
    expect(readMountPoints()).toContain(pool);
    expect(readdirSync(join(pool, 'subvolumes'))).toHaveLength(1);
    expect(existsSync(join(base, 'volumes', '.staging-cut'))).toBe(false);
    await again.mount('keep', 'c2');
    expect(readFileSync(join(again.path('keep'), 'f'), 'utf8')).toBe('data');
    await again.unmount('keep', 'c2');
  });

  it('btrfs native: on a btrfs volumes root, _data is the subvolume itself (nothing mounted)', async () => {
    const fs = join(base, 'fs');
    mkdirSync(fs);
    execFileSync('truncate', ['-s', '512M', join(base, 'fs.img')]);
    execFileSync('mkfs.btrfs', ['-q', '-f', join(base, 'fs.img')], { stdio: 'ignore' });
    execFileSync('mount', ['-o', 'loop', join(base, 'fs.img'), fs]);
    const d = await makeDriver(fs);
    const v = await d.create('nat', { backend: 'btrfs', size: '8M' });
    expect(existsSync(join(fs, 'btrfs'))).toBe(false); // no pool image
    expect(execFileSync('btrfs', ['subvolume', 'show', v.mountpoint], { encoding: 'utf8' })).toContain(
      'Name:',
    );
    await d.mount('nat', 'c1');
    expect(readMountPoints()).not.toContain(v.mountpoint);
    expect(writeMiB(join(v.mountpoint, 'big'), 16)).toBe('EDQUOT');
    await d.unmount('nat', 'c1');
    execFileSync('sync');
    expect(await d.accountedUsage('nat')).toBeGreaterThan(6 * MiB);
    await d.rename?.('nat', 'nat2');
    expect(existsSync(join(fs, 'volumes', 'nat2', '_data', 'big'))).toBe(true);
    const cloned = await d.clone('nat2', 'nat3');
    expect(statSync(join(cloned.mountpoint, 'big')).size).toBe(
      statSync(join(fs, 'volumes', 'nat2', '_data', 'big')).size,
    );
    expect(execFileSync('btrfs', ['subvolume', 'show', cloned.mountpoint], { encoding: 'utf8' })).toContain(
      'Parent UUID',
    );
    await d.remove('nat2');
    await d.remove('nat3');
    await d.drained();
    expect(readdirSync(join(fs, 'volumes'))).toEqual([]);
  });

  it('with power durability (synced creates), both backends make volumes a reload finds', async () => {
    const d = await makeDriver(base, { syncDirectories: true });
    await d.create('sync-b', { backend: 'btrfs', size: '8M' });
    await d.create('sync-i', { backend: 'image', size: '8M' });
    const again = await makeDriver(base);
    expect(
      again
        .list()
        .map((v) => [v.name, v.status])
        .sort(),
    ).toEqual([
      ['sync-b', { Backend: 'btrfs', SizeLimit: 8 * MiB }],
      ['sync-i', { Backend: 'image', SizeLimit: 8 * MiB }],
    ]);
  });

  it('a dir volume has no accounted usage; size on dir names the backends that can', async () => {
    const plain = await driver.create('plain', null);
    expect(plain.status).toBeUndefined();
    expect(await driver.accountedUsage('plain')).toBeUndefined();
    const err = await driver.create('sized', { size: '1G' }).catch((e: unknown) => e);
    expect(kindOf(err)).toBe('invalid-parameter');
    expect((err as Error).message).toMatch(
      /^quota size requested but no quota support: .*backend=btrfs.*backend=image/,
    );
  });

  it.each(['btrfs', 'image'])(
    'a snapshot restore of a %s volume is what the next mount shows',
    async (backend) => {
      await driver.create('snapped', { backend, size: '32M' });
      const write = async (text: string): Promise<void> => {
        await driver.mount('snapped', 'w');
        writeFileSync(join(driver.path('snapped'), 'f'), text);
        await driver.unmount('snapped', 'w');
      };
      const read = async (): Promise<string> => {
        await driver.mount('snapped', 'r');
        try {
          return readFileSync(join(driver.path('snapped'), 'f'), 'utf8');
        } finally {
          await driver.unmount('snapped', 'r');
        }
      };
      await write('before');
      await driver.snapshots.create('snapped', 's1');
      await write('after');
      await driver.snapshots.restore('snapped', 's1');
      expect(await read()).toBe('before');
      await driver.remove('snapped');
      await driver.drained();
      expect(loopsUnder(join(base, 'volumes'))).toEqual([]);
      expect(readdirSync(join(base, 'volumes'))).toEqual([]);
    },
  );

  it('a clone of a btrfs pool volume is a snapshot with its own subvolume', async () => {
    await driver.create('src', { backend: 'btrfs', size: '64M' });
    await driver.mount('src', 'c1');
    writeFileSync(join(driver.path('src'), 'f'), 'x'.repeat(10_000));
    const cloned = await driver.clone('src', 'dst');
    await driver.unmount('src', 'c1');
    const a = JSON.parse(readFileSync(join(base, 'volumes', 'src', 'storage.json'), 'utf8')) as {
      Ref: string;
    };
    const b = JSON.parse(readFileSync(join(base, 'volumes', 'dst', 'storage.json'), 'utf8')) as {
      Ref: string;
    };
    expect(b.Ref).not.toBe(a.Ref);
    await driver.mount('dst', 'c2');
    expect(readFileSync(join(cloned.mountpoint, 'f'), 'utf8')).toHaveLength(10_000);
    await driver.unmount('dst', 'c2');
  });
});
