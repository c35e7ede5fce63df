import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kindOf } from '../../errors/index.js';
import { runVolumeDriverContract } from '../volume-driver.contract.js';
import { LocalDriver } from './local-driver.js';
import { readMountPoints } from './mount-table.js';

const isRoot = process.getuid?.() === 0;

/** Every driver a test made, closed (pool refills stopped) before its directory goes. */
const made: LocalDriver[] = [];
async function closeAll(): Promise<void> {
  await Promise.all(made.splice(0).map((d) => d.close()));
}

async function makeDriver(base: string): Promise<LocalDriver> {
  const d = new LocalDriver({
    root: join(base, 'volumes'),
    trash: join(base, 'trash'),
    pool: join(base, 'pool'),
  });
  made.push(d);
  await d.init();
  return d;
}

runVolumeDriverContract(
  'LocalDriver',
  async () => {
    const base = mkdtempSync(join(tmpdir(), 'strata-local-'));
    return {
      driver: await makeDriver(base),
      reload: () => makeDriver(base),
      cleanup: async () => {
        await closeAll();
        rmSync(base, { recursive: true, force: true });
      },
    };
  },
  { persistent: true },
);

describe('LocalDriver', () => {
  let base: string;
  let driver: LocalDriver;
  beforeEach(async () => {
    base = mkdtempSync(join(tmpdir(), 'strata-local-'));
    driver = await makeDriver(base);
  });
  afterEach(async () => {
    await closeAll();
    for (const p of readMountPoints().filter((m) => m.startsWith(base))) {
      execFileSync('umount', ['-l', p]);
    }
    rmSync(base, { recursive: true, force: true });
  });

  it('lays volumes out as Docker does: <root>/<name>/_data, modes 0701 and 0755', async () => {
    const v = await driver.create('my_volume', null);
    expect(v.mountpoint).toBe(join(base, 'volumes', 'my_volume', '_data'));
    expect(statSync(join(base, 'volumes')).mode & 0o777).toBe(0o701);
    expect(statSync(join(base, 'volumes', 'my_volume')).mode & 0o777).toBe(0o701);
    expect(statSync(v.mountpoint).mode & 0o777).toBe(0o755);
    expect(existsSync(join(base, 'volumes', 'my_volume', 'opts.json'))).toBe(false);
  });

  it.each([
    ['a', 'volume name is too short, names should be at least two alphanumeric characters'],
    ['-dossier', '"-dossier" includes invalid characters for a local volume name'],
    ['dossier a', '"dossier a" includes invalid characters'],
    ['a/b', '"a/b" includes invalid characters'],
    ['..', '".." includes invalid characters'],
    ['x\u0000y', 'includes invalid characters'],
  ])('refuses the name %j', async (name, text) => {
    const err = await driver.create(name, null).catch((e: unknown) => e);
    expect(kindOf(err)).toBe('invalid-parameter');
    expect((err as Error).message).toContain(text);
    expect(driver.list()).toEqual([]);
  });

  it('reports a too-long name as Go reports the mkdir failure', async () => {
    const name = 'x'.repeat(268);
    const err = await driver.create(name, null).catch((e: unknown) => e);
    const dir = join(base, 'volumes', name);
    expect((err as Error).message).toBe(
      `error while creating volume root path '${dir}': mkdir ${dir}: file name too long`,
    );
    expect(kindOf(err)).toBe('system');
  });

  it.each([
    [{ foo: 'bar' }, 'invalid option: "foo"'],
    [{ size: 'abc' }, "invalid size: 'abc'"],
    [
      { size: '1G' },
      "quota size requested but no quota support: the dir backend cannot limit a volume's size; use -o backend=btrfs or -o backend=image",
    ],
    [{ size: '1G', type: 'tmpfs', device: 'tmpfs' }, 'quota size requested but no quota support'],
    [{ backend: 'zfs' }, 'invalid backend: "zfs": valid backends are dir, btrfs, image'],
    [{ backend: 'zfs', foo: 'x' }, 'invalid option: "foo"'],
    [
      { backend: 'image', type: 'tmpfs', device: 'tmpfs' },
      'backend=image cannot be combined with type or device: a mounted filesystem is its own storage',
    ],
    [
      { backend: 'image', size: '512k' },
      "invalid size: '512k': the image backend needs at least 1048576 bytes",
    ],
    [{ backend: 'btrfs', size: 'lots' }, "invalid size: 'lots'"],
    [{ type: 'tmpfs' }, 'missing required option: "device"'],
    [{ device: 'tmpfs' }, 'missing required option: "type"'],
    [{ o: 'size=1m' }, 'missing required option: "device"'],
    [{ o: 'size=1m', device: 'x' }, 'missing required option: "type"'],
    [
      { type: 'cifs', device: '//host:445/share' },
      "port not allowed in CIFS device URL, include 'port' in 'o='",
    ],
    [{ uid: 'abc', foo: 'x' }, 'invalid option: "foo"'],
    [{ uid: '-1' }, 'invalid value for option "uid": "-1" (a numeric id from 0 to 4294967294)'],
    [
      { gid: '4294967295' },
      'invalid value for option "gid": "4294967295" (a numeric id from 0 to 4294967294)',
    ],
    [{ gid: '' }, 'invalid value for option "gid": "" (a numeric id from 0 to 4294967294)'],
    [{ mode: '0855' }, 'invalid value for option "mode": "0855" (an octal mode from 0 to 07777, e.g. 0755)'],
    [
      { mode: '17777' },
      'invalid value for option "mode": "17777" (an octal mode from 0 to 07777, e.g. 0755)',
    ],
    [
      { mode: 'u+rwx' },
      'invalid value for option "mode": "u+rwx" (an octal mode from 0 to 07777, e.g. 0755)',
    ],
  ])('refuses the options %j', async (opts, text) => {
    const err = await driver.create('vol', opts).catch((e: unknown) => e);
    expect((err as Error).message).toBe(text);
    expect(kindOf(err)).toBe('invalid-parameter');
    expect(existsSync(join(base, 'volumes', 'vol'))).toBe(false);
  });

  it('accepts size 0 without quota support and persists options as Docker opts.json', async () => {
    await driver.create('sized', { size: '0' });
    expect(JSON.parse(readFileSync(join(base, 'volumes', 'sized', 'opts.json'), 'utf8'))).toEqual({
      MountType: '',
      MountOpts: '',
      MountDevice: '',
      Quota: { Size: 0 },
    });
    await driver.create('tmp', { type: 'tmpfs', device: 'tmpfs', o: 'size=1m' });
    expect(statSync(join(base, 'volumes', 'tmp', 'opts.json')).mode & 0o777).toBe(0o600);
  });

  it('applies mode (and, as root, uid/gid) to _data at create and persists them in opts.json', async () => {
    const owned = { ...(isRoot ? { uid: '1234', gid: '2345' } : {}), mode: '0770' };
    const v = await driver.create('owned', owned);
    const st = statSync(v.mountpoint);
    expect(st.mode & 0o7777).toBe(0o770);
    if (isRoot) expect([st.uid, st.gid]).toEqual([1234, 2345]);
    const json = JSON.parse(readFileSync(join(base, 'volumes', 'owned', 'opts.json'), 'utf8')) as {
      StrataOwner: unknown;
    };
    expect(json.StrataOwner).toEqual({ ...(isRoot ? { uid: 1234, gid: 2345 } : {}), mode: 0o770 });
    // Only the asked parts change: a mode alone keeps the owner.
    const g = await driver.create('mode-only', { mode: '2775' });
    expect(statSync(g.mountpoint).mode & 0o7777).toBe(0o2775);
    expect(statSync(g.mountpoint).uid).toBe(process.getuid?.());
  });

  it('loads volumes made by an earlier run, skipping stray entries', async () => {
    await driver.create('kept', { type: 'tmpfs', device: 'tmpfs' });
    mkdirSync(join(base, 'volumes', 'no-data-dir'));
    writeFileSync(join(base, 'volumes', 'afile'), '');
    mkdirSync(join(base, 'volumes', '.hidden', '_data'), { recursive: true });
    const again = await makeDriver(base);
    expect(again.list().map((v) => v.name)).toEqual(['kept']);
    // an empty volume directory is a create cut short before its _data existed
    expect(existsSync(join(base, 'volumes', 'no-data-dir'))).toBe(false);
    expect(existsSync(join(base, 'volumes', '.hidden'))).toBe(true);
  });

  it('removes a volume in one rename and cleans a trash left by a crash', async () => {
    const v = await driver.create('gone', null);
    writeFileSync(join(v.mountpoint, 'f'), 'data');
    mkdirSync(join(base, 'trash', 'left-by-crash', '_data'), { recursive: true });
    await driver.remove('gone');
    expect(existsSync(join(base, 'volumes', 'gone'))).toBe(false);
    await driver.drained();
    expect(readdirSync(join(base, 'trash'))).toEqual(['left-by-crash']);
    const again = await makeDriver(base);
    await again.drained();
    expect(existsSync(join(base, 'trash', 'left-by-crash'))).toBe(false);
  });

  it('renames in one step, data and options moving with the directory', async () => {
    const v = await driver.create('before', { type: 'tmpfs', device: 'tmpfs', o: 'size=1m' });
    writeFileSync(join(v.mountpoint, 'f'), 'data');
    const moved = await driver.rename('before', 'after');
    expect(moved.mountpoint).toBe(join(base, 'volumes', 'after', '_data'));
    expect(readdirSync(join(base, 'volumes'))).toEqual(['after']);
    expect(readFileSync(join(moved.mountpoint, 'f'), 'utf8')).toBe('data');
    const err = (await driver.rename('after', '../escape').catch((e: unknown) => e)) as Error;
    expect(err.message).toContain('includes invalid characters for a local volume name');
    const again = await makeDriver(base);
    expect(again.list().map((x) => x.name)).toEqual(['after']);
    expect(JSON.parse(readFileSync(join(base, 'volumes', 'after', 'opts.json'), 'utf8'))).toMatchObject({
      MountType: 'tmpfs',
      MountOpts: 'size=1m',
    });
  });

  it('sizes a volume as Docker: apparent sizes, hardlinks once, directories not counted', async () => {
    const v = await driver.create('sized', null);
    writeFileSync(join(v.mountpoint, 'a'), 'x'.repeat(1000));
    mkdirSync(join(v.mountpoint, 'd'));
    writeFileSync(join(v.mountpoint, 'd', 'b'), 'y'.repeat(24));
    execFileSync('ln', [join(v.mountpoint, 'a'), join(v.mountpoint, 'd', 'hard')]);
    execFileSync('ln', ['-s', 'abc', join(v.mountpoint, 'sym')]);
    writeFileSync(join(v.mountpoint, 'empty'), '');
    expect(await driver.usage('sized')).toBe(1000 + 24 + 3);
  });

  describe.runIf(isRoot)('mounts (root)', () => {
    it('mounts tmpfs on first use, keeps it while any id holds it, unmounts after the last', async () => {
      const v = await driver.create('tmp', { type: 'tmpfs', device: 'tmpfs', o: 'size=1m,uid=1000' });
      expect(readMountPoints()).not.toContain(v.mountpoint);
      await driver.mount('tmp', 'c1');
      await driver.mount('tmp', 'c2');
      expect(readMountPoints()).toContain(v.mountpoint);
      expect(statSync(v.mountpoint).uid).toBe(1000);
      writeFileSync(join(v.mountpoint, 'f'), 'hi');
      await driver.unmount('tmp', 'c1');
      expect(readMountPoints()).toContain(v.mountpoint);
      await driver.unmount('tmp', 'c2');
      expect(readMountPoints()).not.toContain(v.mountpoint);
      expect(existsSync(join(v.mountpoint, 'f'))).toBe(false);
    });

    it('applies uid/gid/mode to each fresh mount of a filesystem, not at create', async () => {
      const v = await driver.create('tmpown', {
        type: 'tmpfs',
        device: 'tmpfs',
        o: 'size=1m',
        uid: '4321',
        gid: '4322',
        mode: '0750',
      });
      expect(statSync(v.mountpoint).uid).toBe(0);
      for (let round = 0; round < 2; round++) {
        await driver.mount('tmpown', 'c1');
        const st = statSync(v.mountpoint);
        expect([st.uid, st.gid, st.mode & 0o7777]).toEqual([4321, 4322, 0o750]);
        await driver.unmount('tmpown', 'c1');
      }
      const again = await makeDriver(base);
      await again.mount('tmpown', 'c2');
      expect(statSync(v.mountpoint).uid).toBe(4321);
      await again.unmount('tmpown', 'c2');
    });

    it('binds a host directory with type=none,o=bind and never deletes its content on remove', async () => {
      const src = join(base, 'host-dir');
      mkdirSync(src);
      writeFileSync(join(src, 'precious'), 'keep me');
      const v = await driver.create('bound', { type: 'none', device: src, o: 'bind' });
      await driver.mount('bound', 'c1');
      expect(readFileSync(join(v.mountpoint, 'precious'), 'utf8')).toBe('keep me');
      await driver.unmount('bound', 'c1');
      await driver.remove('bound');
      expect(readFileSync(join(src, 'precious'), 'utf8')).toBe('keep me');
    });

    it("reports a failed mount in Docker's words and stays unmounted", async () => {
      const missing = join(base, 'missing');
      const v = await driver.create('badbind', { type: 'none', device: missing, o: 'bind' });
      const err = await driver.mount('badbind', 'c1').catch((e: unknown) => e);
      expect((err as Error).message).toBe(
        `failed to mount local volume: mount ${missing}:${v.mountpoint}, flags: 0x1000: no such file or directory`,
      );
      expect(driver.mountIds('badbind')).toEqual([]);
    });

    it('removes a volume with a mount inside it but never deletes through that mount', async () => {
      const v = await driver.create('nested', null);
      const inner = join(v.mountpoint, 'inner');
      mkdirSync(inner);
      execFileSync('mount', ['-t', 'tmpfs', 'tmpfs', inner]);
      writeFileSync(join(inner, 'keep'), 'not the volume’s to delete');
      await driver.remove('nested');
      await driver.drained();
      expect(driver.get('nested')).toBeUndefined();
      const parked = readMountPoints().filter((m) => m.startsWith(join(base, 'trash')));
      expect(parked).toHaveLength(1);
      expect(readFileSync(join(parked[0] as string, 'keep'), 'utf8')).toBe('not the volume’s to delete');
    });

    it('refuses to rename a volume whose filesystem is mounted, even one left by an earlier run', async () => {
      const v = await driver.create('busy', { type: 'tmpfs', device: 'tmpfs' });
      await driver.mount('busy', 'c1');
      await expect(driver.rename('busy', 'moved')).rejects.toThrow('volume has active mounts');
      const again = await makeDriver(base);
      const err = await again.rename('busy', 'moved').catch((e: unknown) => e);
      expect(kindOf(err)).toBe('conflict');
      expect(readMountPoints()).toContain(v.mountpoint);
      await again.unmountIdle();
      await again.rename('busy', 'moved');
      expect(again.list().map((x) => x.name)).toEqual(['moved']);
    });

    it('adopts a mount left by an earlier run and unmounts it on remove', async () => {
      const v = await driver.create('left', { type: 'tmpfs', device: 'tmpfs' });
      await driver.mount('left', 'c1');
      const again = await makeDriver(base);
      expect(readMountPoints()).toContain(v.mountpoint);
      await again.remove('left');
      expect(readMountPoints()).not.toContain(v.mountpoint);
    });

    it('after a restart keeps what is mounted again and unmounts the idle rest', async () => {
      const kept = await driver.create('kept', { type: 'tmpfs', device: 'tmpfs' });
      const idle = await driver.create('idle', { type: 'tmpfs', device: 'tmpfs' });
      await driver.mount('kept', 'c1');
      await driver.mount('idle', 'c2');
      writeFileSync(join(kept.mountpoint, 'f'), 'still here');
      const again = await makeDriver(base);
      await again.mount('kept', 'c1');
      expect(await again.unmountIdle()).toEqual(['idle']);
      expect(readMountPoints()).not.toContain(idle.mountpoint);
      expect(readFileSync(join(kept.mountpoint, 'f'), 'utf8')).toBe('still here');
      await again.unmount('kept', 'c1');
      expect(readMountPoints()).not.toContain(kept.mountpoint);
    });
  });
});
