import { spawnSync } from 'node:child_process';
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
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineClient } from '../../src/client/engine-client.js';
import { VolumeArchiveApi } from '../../src/client/volume-archive-api.js';
import { buildBusyboxRootfs, busyboxUnavailableReason } from '../helpers/busybox-image.js';
import { runcUnavailableReason } from '../helpers/busybox-rootfs.js';
import { daemonErrorOf, runStrata } from '../helpers/strata-cli.js';
import { startStrata, strataUnavailableReason, type StrataDaemon } from '../helpers/strata-daemon.js';
import { buildTar, type TarSpecEntry } from '../helpers/tar-build.js';
import { buildTree, treeSpec } from '../helpers/tree-builder.js';
import { snapshotTree } from '../helpers/tree-snapshot.js';

// `strata volume export` / `import` against a real daemon: a round-trip property over generated
// trees (every attribute), plain GNU tar reading the export, labels/options/owner travelling,
// the CLI, hostile archives refused with nothing written, in-use refusal, flat memory.

const skip =
  strataUnavailableReason() ??
  (process.getuid?.() === 0 ? undefined : 'building test trees needs root (chown)');
const containerSkip = runcUnavailableReason() ?? busyboxUnavailableReason();

const client = (d: StrataDaemon): EngineClient => new EngineClient({ host: `unix://${d.socket}` });
const api = (d: StrataDaemon): VolumeArchiveApi => new VolumeArchiveApi(client(d));

async function exportToBuffer(d: StrataDaemon, name: string): Promise<Buffer> {
  const res = await api(d).export(name);
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe.skipIf(skip !== undefined)(`volume export/import${skip ? ` — skipped: ${skip}` : ''}`, () => {
  let d: StrataDaemon;
  let scratch: string;
  beforeAll(async () => {
    d = await startStrata();
    scratch = mkdtempSync(join(tmpdir(), 'strata-archive-'));
  });
  afterAll(async () => {
    await d?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('round-trips every attribute of generated trees (property)', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(treeSpec, async (spec) => {
        n++;
        const src = await client(d).createVolume({ Name: `prop-src-${n}`, Labels: { run: String(n) } });
        buildTree(src.Mountpoint, spec);
        const tar = await exportToBuffer(d, src.Name);
        const answer = await api(d).import(`prop-dst-${n}`, Readable.from([tar]));
        expect(answer.Created).toBe(true);
        const dst = await client(d).inspectVolume(`prop-dst-${n}`);
        expect(dst.Labels).toEqual({ run: String(n) });
        expect(snapshotTree(dst.Mountpoint)).toEqual(snapshotTree(src.Mountpoint));
        await client(d).removeVolume(src.Name);
        await client(d).removeVolume(dst.Name);
      }),
      { numRuns: 25 },
    );
  }, 300_000);

  it('writes a plain tar that GNU tar extracts without a word, to the same tree', async () => {
    const src = await client(d).createVolume({ Name: 'plain-src' });
    buildTree(src.Mountpoint, fc.sample(treeSpec, { numRuns: 1, seed: 42 })[0] as never);
    const file = join(scratch, 'plain.tar');
    writeFileSync(file, await exportToBuffer(d, 'plain-src'));
    const out = join(scratch, 'plain-out');
    mkdirSync(out);
    // Generated mtimes reach into the future: that warning is tar's, not about Strata's record.
    const args = [
      '-x',
      '-f',
      file,
      '-C',
      out,
      '--xattrs',
      '--xattrs-include=*',
      '--numeric-owner',
      '--warning=no-timestamp',
    ];
    const r = spawnSync('tar', args, {
      encoding: 'utf8',
    });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(snapshotTree(out)).toEqual(snapshotTree(src.Mountpoint));
  });

  it('streams to a plain `tar -x` on a pipe that stops at the end marker: both ends exit 0', async () => {
    const v = await client(d).createVolume({ Name: 'piped-src' });
    for (let i = 0; i < 40; i++) writeFileSync(join(v.Mountpoint, `f${i}`), Buffer.alloc(i * 997, i));
    const bin = process.env.STRATA_BIN ?? join(process.cwd(), 'bin', 'strata');
    for (let i = 0; i < 8; i++) {
      const out = join(scratch, `piped-${i}`);
      mkdirSync(out);
      const script = `node "$0" -H unix://${d.socket} volume export piped-src | tar -x -C "$1"; echo "\${PIPESTATUS[@]}"`;
      const r = spawnSync('bash', ['-c', script, bin, out], { encoding: 'utf8' });
      expect({ stdout: r.stdout, stderr: r.stderr }).toEqual({ stdout: '0 0\n', stderr: '' });
    }
  });

  it('carries labels, options and the root owner into a volume made by the import', async () => {
    const c = client(d);
    const src = await c.createVolume({
      Name: 'meta-src',
      Labels: { team: 'blue', 'com.example.tier': 'gold' },
      DriverOpts: { uid: '1234', gid: '5678', mode: '0750' },
    });
    writeFileSync(join(src.Mountpoint, 'f'), 'data');
    const tar = await exportToBuffer(d, 'meta-src');
    await api(d).import('meta-dst', Readable.from([tar]));
    const dst = await c.inspectVolume('meta-dst');
    expect({ Labels: dst.Labels, Options: dst.Options, Driver: dst.Driver }).toEqual({
      Labels: src.Labels,
      Options: src.Options,
      Driver: 'local',
    });
    const st = statSync(dst.Mountpoint);
    expect({ uid: st.uid, gid: st.gid, mode: st.mode & 0o7777 }).toEqual({
      uid: 1234,
      gid: 5678,
      mode: 0o750,
    });
  });

  it('CLI: export -o FILE, import FILE and from stdin, --replace, no progress when piped', async () => {
    const c = client(d);
    const v = await c.createVolume({ Name: 'cli-src' });
    writeFileSync(join(v.Mountpoint, 'hello'), 'hello\n');
    const file = join(scratch, 'cli.tar');
    let r = await runStrata(d, ['volume', 'export', '-o', file, 'cli-src']);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readdirSync(scratch).filter((n) => n.includes('strata-tmp'))).toEqual([]);
    r = await runStrata(d, ['volume', 'import', 'cli-dst', file]);
    expect(r).toEqual({ code: 0, stdout: 'cli-dst\n', stderr: '' });
    expect(readFileSync(join((await c.inspectVolume('cli-dst')).Mountpoint, 'hello'), 'utf8')).toBe(
      'hello\n',
    );

    r = await runStrata(d, ['volume', 'import', 'cli-dst', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'Error response from daemon: volume cli-dst is not empty; import with --replace (replace=1) to replace its content\n',
    );
    writeFileSync(join(v.Mountpoint, 'hello'), 'changed\n');
    const piped = spawnSync(
      'sh',
      [
        '-c',
        `node "$0" -H unix://${d.socket} volume export cli-src | node "$0" -H unix://${d.socket} volume import --replace cli-dst -`,
        process.env.STRATA_BIN ?? join(process.cwd(), 'bin', 'strata'),
      ],
      { encoding: 'utf8' },
    );
    expect({ status: piped.status, stdout: piped.stdout, stderr: piped.stderr }).toEqual({
      status: 0,
      stdout: 'cli-dst\n',
      stderr: '',
    });
    expect(readFileSync(join((await c.inspectVolume('cli-dst')).Mountpoint, 'hello'), 'utf8')).toBe(
      'changed\n',
    );

    r = await runStrata(d, ['volume', 'export', 'no-such']);
    expect(r).toMatchObject({ code: 1, stderr: 'Error response from daemon: get no-such: no such volume\n' });
  });

  describe('hostile archives', () => {
    const outside = (): string => join(scratch, 'outside');
    const cases: Array<[string, () => TarSpecEntry[], RegExp, { global?: Record<string, string> }?]> = [
      [
        '`..` in a name',
        () => [
          { name: 'ok', data: 'x' },
          { name: '../../../../../../../../' + outside().slice(1) + '/dotdot', data: 'x' },
        ],
        /the path leaves the destination/,
      ],
      ['an absolute name', () => [{ name: `${outside()}/abs`, data: 'x' }], /absolute paths are not allowed/],
      [
        'a write through a symlink it made',
        () => [
          { name: 'l', type: '2', linkname: outside() },
          { name: 'l/through', data: 'x' },
        ],
        /through the symbolic link l/,
      ],
      [
        'a directory through a symlink',
        () => [
          { name: 'l', type: '2', linkname: outside() },
          { name: 'l/sub/', type: '5' },
        ],
        /through the symbolic link l/,
      ],
      [
        'a directory replacing a symlink',
        () => [
          { name: 'l', type: '2', linkname: outside() },
          { name: 'l', type: '5' },
        ],
        /would replace a symbolic link/,
      ],
      [
        'a hard link to an absolute path',
        () => [{ name: 'h', type: '1', linkname: `${outside()}/target` }],
        /absolute paths are not allowed/,
      ],
      [
        'a hard link through a symlink',
        () => [
          { name: 'l', type: '2', linkname: outside() },
          { name: 'h', type: '1', linkname: 'l/target' },
        ],
        /through the symbolic link l/,
      ],
      [
        'a hard link to `..`',
        () => [{ name: 'h', type: '1', linkname: '../../target' }],
        /leaves the destination/,
      ],
      [
        'a hard link to nothing in the archive',
        () => [{ name: 'h', type: '1', linkname: 'ghost' }],
        /not in the archive/,
      ],
      [
        'a device node',
        () => [{ name: 'null', type: '3', devmajor: 1, devminor: 3 }],
        /device nodes are not imported unless allowed/,
      ],
      [
        'a PAX path leaving the volume',
        () => [{ name: 'innocent', data: 'x', pax: { path: '../../escape' } }],
        /leaves the destination/,
      ],
      [
        'a global PAX path',
        () => [{ name: 'a', data: 'x' }],
        /global header may not set "path"/,
        { global: { path: '../x' } },
      ],
    ];

    beforeAll(() => {
      mkdirSync(outside(), { recursive: true });
      writeFileSync(join(outside(), 'target'), 'outside\n');
    });

    for (const [label, entries, message, opts] of cases) {
      it(`refuses ${label}: 400, nothing written anywhere, the volume as it was`, async () => {
        const c = client(d);
        const before = snapshotTree(outside());
        const tar = buildTar(entries(), opts);
        const name = `hostile-${label.replace(/[^a-z]/g, '')}`;
        // Into a missing volume: refused, and the volume is not left behind.
        const [status, text] = await daemonErrorOf(api(d).import(name, Readable.from([tar])));
        expect(status).toBe(400);
        expect(text).toMatch(message);
        expect((await c.listVolumes()).Volumes?.map((v) => v.Name)).not.toContain(name);
        // Into a volume with content, with --replace: refused, content untouched.
        const v = await c.createVolume({ Name: `${name}-full` });
        writeFileSync(join(v.Mountpoint, 'keep'), 'kept\n');
        const was = snapshotTree(v.Mountpoint);
        const [status2] = await daemonErrorOf(api(d).import(v.Name, Readable.from([tar]), { replace: true }));
        expect(status2).toBe(400);
        expect(snapshotTree(v.Mountpoint)).toEqual(was);
        expect(snapshotTree(outside())).toEqual(before);
        expect(
          existsSync(join(d.dataRoot, 'imports')) ? readdirSync(join(d.dataRoot, 'imports')) : [],
        ).toEqual([]);
        // The daemon is still up.
        expect((await c.call('GET', '/_ping')).status).toBe(200);
      });
    }

    it('lets a device node in with --allow-devices', async () => {
      const tar = buildTar([{ name: 'null', type: '3', devmajor: 1, devminor: 3 }]);
      const r = spawnSync(
        process.execPath,
        [
          process.env.STRATA_BIN ?? join(process.cwd(), 'bin', 'strata'),
          '-H',
          `unix://${d.socket}`,
          'volume',
          'import',
          '--allow-devices',
          'devices',
          '-',
        ],
        { input: tar, encoding: 'utf8' },
      );
      expect(r.stderr).toBe('');
      const st = statSync(join((await client(d).inspectVolume('devices')).Mountpoint, 'null'));
      expect(st.isCharacterDevice()).toBe(true);
    });
  });

  it('keeps memory flat: 1 GiB exported and imported, the daemon grows by well under 200 MB', async () => {
    const v = await client(d).createVolume({ Name: 'big' });
    const block = Buffer.alloc(1 << 20);
    for (let i = 0; i < block.length; i += 4) block.writeUInt32LE((i * 2654435761) >>> 0, i);
    const fd = join(v.Mountpoint, 'big.bin');
    const chunks = Array.from({ length: 1024 }, () => block);
    writeFileSync(fd, Buffer.concat(chunks.slice(0, 256)));
    for (let i = 1; i < 4; i++) writeFileSync(fd, Buffer.concat(chunks.slice(0, 256)), { flag: 'a' });
    const hwm = (): number =>
      Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${d.pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
    const before = hwm();
    const file = join(scratch, 'big.tar');
    const r1 = await runStrata(d, ['volume', 'export', '-o', file, 'big']);
    expect(r1.code, r1.stderr).toBe(0);
    expect(statSync(file).size).toBeGreaterThan(1 << 30);
    const r2 = await runStrata(d, ['volume', 'import', 'big-copy', file]);
    expect(r2.code, r2.stderr).toBe(0);
    expect(hwm() - before).toBeLessThan(200 << 20);
    const copy = await client(d).inspectVolume('big-copy');
    expect(statSync(join(copy.Mountpoint, 'big.bin')).size).toBe(1 << 30);
    rmSync(file);
    await client(d).removeVolume('big');
    await client(d).removeVolume('big-copy');
  }, 180_000);

  describe.skipIf(containerSkip !== undefined)(
    `with containers${containerSkip ? ` — skipped: ${containerSkip}` : ''}`,
    () => {
      beforeAll(async () => {
        writeFileSync(join(scratch, 'rootfs.tar'), buildBusyboxRootfs());
        const r = await runStrata(d, ['image', 'import', join(scratch, 'rootfs.tar'), 'busybox:local']);
        expect(r.code, r.stderr).toBe(0);
      }, 120_000);

      it('refuses to import into a volume a container uses, naming it; a container sees imported data', async () => {
        const c = client(d);
        await c.createVolume({ Name: 'used' });
        const created = await runStrata(d, [
          'create',
          '--name',
          'user1',
          '-v',
          'used:/data',
          'busybox:local',
          'true',
        ]);
        const id = created.stdout.trim();
        const tar = buildTar([{ name: 'hello', data: 'hi\n' }]);
        const [status, text] = await daemonErrorOf(
          api(d).import('used', Readable.from([tar]), { replace: true }),
        );
        expect({ status, text }).toEqual({
          status: 409,
          text: `volume used is in use by container(s): ${id} (names: user1)`,
        });
        expect((await runStrata(d, ['rm', 'user1'])).code).toBe(0);
        await api(d).import('used', Readable.from([tar]), { replace: true });
        const run = await runStrata(d, [
          'run',
          '--rm',
          '-v',
          'used:/data',
          'busybox:local',
          'cat',
          '/data/hello',
        ]);
        expect(run.stdout).toBe('hi\n');
      }, 120_000);
    },
  );
});
