import { spawnSync } from 'node:child_process';
import {
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { Readable } from 'node:stream';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineClient, type DaemonError } from '../../src/client/engine-client.js';
import { VolumeArchiveApi } from '../../src/client/volume-archive-api.js';
import { runStrata } from '../helpers/strata-cli.js';
import {
  STRATA_BIN,
  startStrata,
  strataUnavailableReason,
  type StrataDaemon,
} from '../helpers/strata-daemon.js';
import { buildTar } from '../helpers/tar-build.js';
import { snapshotTree } from '../helpers/tree-snapshot.js';

// `strata volume cp` against a real daemon: docker cp's argument and path rules in both directions,
// `-` streams, -a and -L, the texts of its refusals, and symlink escapes and tar-slip refused with
// nothing written outside the volume.

const skip =
  strataUnavailableReason() ?? (process.getuid?.() === 0 ? undefined : 'owners and bind volumes need root');

const client = (d: StrataDaemon): EngineClient => new EngineClient({ host: `unix://${d.socket}` });

/** Runs the CLI with `input` on stdin; stdout as bytes. */
function cliWithInput(
  d: StrataDaemon,
  args: string[],
  input?: Buffer,
): { code: number; stdout: Buffer; stderr: string } {
  const r = spawnSync(process.execPath, [STRATA_BIN, '-H', `unix://${d.socket}`, ...args], {
    ...(input ? { input } : {}),
    maxBuffer: 1 << 28,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr.toString() };
}

describe.skipIf(skip !== undefined)(`volume cp${skip ? ` — skipped: ${skip}` : ''}`, () => {
  let d: StrataDaemon;
  let host: string;
  let vol: string;
  const cp = (...args: string[]) => runStrata(d, ['volume', 'cp', ...args]);

  beforeAll(async () => {
    d = await startStrata();
    host = mkdtempSync(join(tmpdir(), 'strata-cp-'));
    const v = await client(d).createVolume({ Name: 'data' });
    vol = v.Mountpoint;
    mkdirSync(join(vol, 'dir/sub'), { recursive: true });
    writeFileSync(join(vol, 'dir/f'), 'file in dir\n');
    writeFileSync(join(vol, 'dir/sub/g'), 'deeper\n');
    writeFileSync(join(vol, 'top'), 'top\n');
    chownSync(join(vol, 'top'), 1234, 4321);
    symlinkSync('dir/f', join(vol, 'rel-link'));
    symlinkSync('/etc', join(vol, 'abs-link'));
    symlinkSync(host, join(vol, 'to-host'));
  });
  afterAll(async () => {
    await d?.stop();
    if (host) rmSync(host, { recursive: true, force: true });
  });

  it("copies out: a file to a new name, a directory into a directory, a directory's content with /.", async () => {
    expect(await cp('data:/top', join(host, 'top-copy'))).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(join(host, 'top-copy'), 'utf8')).toBe('top\n');
    // go-archive CopyTo does not restore owners on the host.
    expect(lstatSync(join(host, 'top-copy')).uid).toBe(0);
    mkdirSync(join(host, 'into'));
    expect((await cp('data:dir', join(host, 'into'))).code).toBe(0);
    expect(readFileSync(join(host, 'into/dir/sub/g'), 'utf8')).toBe('deeper\n');
    expect((await cp('data:/dir/.', join(host, 'content'))).code).toBe(0);
    expect(readFileSync(join(host, 'content/f'), 'utf8')).toBe('file in dir\n');
    expect((await cp('data:/dir', join(host, 'renamed'))).code).toBe(0);
    expect(snapshotTree(join(host, 'renamed'), { xattrs: false })).toEqual(
      snapshotTree(join(vol, 'dir'), { xattrs: false }),
    );
  });

  it('copies a symlink as a symlink, or its target with -L (resolved inside the volume)', async () => {
    expect((await cp('data:/rel-link', join(host, 'link-as-is'))).code).toBe(0);
    expect(readlinkSync(join(host, 'link-as-is'))).toBe('dir/f');
    expect((await cp('-L', 'data:/rel-link', join(host, 'link-followed'))).code).toBe(0);
    expect(readFileSync(join(host, 'link-followed'), 'utf8')).toBe('file in dir\n');
    // /etc inside the volume, not the host's: there is none.
    expect(await cp('-L', 'data:/abs-link', join(host, 'etc'))).toMatchObject({
      code: 1,
      stderr: 'Error response from daemon: Could not find the file /etc in volume data\n',
    });
    expect(await cp('data:/abs-link/passwd', join(host, 'passwd'))).toMatchObject({
      code: 1,
      stderr: 'Error response from daemon: Could not find the file /abs-link/passwd in volume data\n',
    });
    expect(existsSync(join(host, 'passwd'))).toBe(false);
  });

  it('streams a tar to stdout with -', async () => {
    const r = cliWithInput(d, ['volume', 'cp', 'data:/dir', '-']);
    expect(r.code).toBe(0);
    const list = spawnSync('tar', ['-t'], { input: r.stdout, encoding: 'utf8' })
      .stdout.split('\n')
      .filter(Boolean);
    expect(list.sort()).toEqual(['dir/', 'dir/f', 'dir/sub/', 'dir/sub/g']);
  });

  it('copies in: a file into a directory, a directory to a new name, owners only with -a', async () => {
    writeFileSync(join(host, 'up'), 'uploaded\n');
    chownSync(join(host, 'up'), 777, 888);
    expect((await cp(join(host, 'up'), 'data:/dir')).code).toBe(0);
    expect(readFileSync(join(vol, 'dir/up'), 'utf8')).toBe('uploaded\n');
    expect(lstatSync(join(vol, 'dir/up')).uid).toBe(0);
    expect((await cp('-a', join(host, 'up'), 'data:/owned')).code).toBe(0);
    expect([lstatSync(join(vol, 'owned')).uid, lstatSync(join(vol, 'owned')).gid]).toEqual([777, 888]);
    mkdirSync(join(host, 'tree/x'), { recursive: true });
    writeFileSync(join(host, 'tree/x/y'), 'y\n');
    expect((await cp(join(host, 'tree'), 'data:/newtree')).code).toBe(0);
    expect(readFileSync(join(vol, 'newtree/x/y'), 'utf8')).toBe('y\n');
    const tar = buildTar([{ name: 'streamed', data: 'from stdin\n' }]);
    expect(cliWithInput(d, ['volume', 'cp', '-', 'data:/dir'], tar).code).toBe(0);
    expect(readFileSync(join(vol, 'dir/streamed'), 'utf8')).toBe('from stdin\n');
  });

  it("answers docker cp's refusals", async () => {
    expect(await cp('data:/a', 'data:/b')).toMatchObject({
      code: 1,
      stderr: 'copying between volumes is not supported\n',
    });
    expect(await cp('a', 'b')).toMatchObject({
      code: 1,
      stderr: 'must specify at least one volume source\n',
    });
    expect(await cp(join(host, 'tree'), 'data:/top')).toMatchObject({
      code: 1,
      stderr: 'cannot copy directory\n',
    });
    expect(await cp(join(host, 'up'), 'data:/missing/')).toMatchObject({
      code: 1,
      stderr: 'no such directory\n',
    });
    const tar = buildTar([{ name: 'x', data: 'x' }]);
    expect(cliWithInput(d, ['volume', 'cp', '-', 'data:/top'], tar)).toMatchObject({
      code: 1,
      stderr: 'destination "data:/top" must be a directory\n',
    });
    const dirOverFile = buildTar([{ name: 'dir', data: 'not a dir' }]);
    expect(cliWithInput(d, ['volume', 'cp', '-', 'data:/'], dirOverFile).stderr).toBe(
      'Error response from daemon: cannot overwrite directory "dir" with non-directory "dir"\n',
    );
  });

  it('refuses symlink escapes and tar-slip; nothing is written outside the volume', async () => {
    const before = snapshotTree(host, { xattrs: false });
    const inVolume = snapshotTree(vol, { xattrs: false });
    // The link points at the host directory; inside the volume it leads nowhere.
    expect(await cp(join(host, 'up'), 'data:/to-host/')).toMatchObject({
      code: 1,
      stderr: 'no such directory\n',
    });
    const cases: Array<[Buffer, string]> = [
      [
        buildTar([{ name: 'to-host/escaped', data: 'x' }]),
        'refusing archive entry "to-host/escaped": it would be written through the symbolic link to-host',
      ],
      [
        buildTar([{ name: '../../../../../../../..' + host + '/slip', data: 'x' }]),
        'the path leaves the destination (..)',
      ],
      [buildTar([{ name: `${host}/abs`, data: 'x' }]), 'absolute paths are not allowed'],
      [
        buildTar([
          { name: 'l', type: '2', linkname: host },
          { name: 'l/through', data: 'x' },
        ]),
        'through the symbolic link l',
      ],
      [buildTar([{ name: 'h', type: '1', linkname: 'to-host/up' }]), 'through the symbolic link to-host'],
      [buildTar([{ name: 'null', type: '3', devmajor: 1, devminor: 3 }]), 'device nodes'],
    ];
    for (const [tar, text] of cases) {
      const r = cliWithInput(d, ['volume', 'cp', '-', 'data:/'], tar);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(text);
    }
    expect(snapshotTree(host, { xattrs: false })).toEqual(before);
    expect(snapshotTree(vol, { xattrs: false })).toEqual(inVolume);
    const status = await new VolumeArchiveApi(client(d))
      .put('data', '/', Readable.from([cases[1]?.[0] as Buffer]))
      .catch((e: DaemonError) => e.status);
    expect(status).toBe(400);
  });

  it('works on a volume whose data is a mounted filesystem (a bind mount), mounting it only for the copy', async () => {
    const source = join(host, 'bind-source');
    mkdirSync(source);
    await client(d).createVolume({ Name: 'bound', DriverOpts: { type: 'none', o: 'bind', device: source } });
    writeFileSync(join(host, 'for-bind'), 'through the mount\n');
    expect((await cp(join(host, 'for-bind'), 'bound:/')).code).toBe(0);
    expect(readFileSync(join(source, 'for-bind'), 'utf8')).toBe('through the mount\n');
    expect((await cp('bound:/for-bind', join(host, 'back'))).code).toBe(0);
    expect(readFileSync(join(host, 'back'), 'utf8')).toBe('through the mount\n');
    // Nothing stays mounted once the copies are done.
    expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain('/volumes/bound/_data');
  });
});
