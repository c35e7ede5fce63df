// `strata volume clone`, `snapshot create` and `snapshot restore` of one filled volume per storage
// backend (dir, btrfs, image), each timed over the API (median of a few), with GNU cp -a of the same
// data on the same filesystem as the floor for `dir`. Quick to run on its own:
//
//   npx tsx bench/volume-clone.ts [--quick]     (after `npm run build`; as root for btrfs/image/containers)
//
// and as a stage of bench/run.ts. The data is written through a container (busybox, `dd` from
// /dev/urandom plus many small files) so that every backend stores it as a user's writes would;
// without containers only `dir` is measured (filled from the host).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EngineClient } from '../src/client/engine-client.js';
import { VolumeCopiesApi } from '../src/client/volume-copies-api.js';
import { buildBusyboxRootfs, containerE2eSkipReason } from '../test/helpers/containers.js';
import { Cleanup } from './daemons.js';
import { startStrataProcess } from './strata-process.js';
import { median } from './stats.js';

export interface CloneBenchConfig {
  /** Bytes of the one large file. */
  bigBytes: number;
  /** Number of small files. */
  smallFiles: number;
  /** Timed repetitions of each operation. */
  runs: number;
}

export const cloneConfigFor = (quick: boolean): CloneBenchConfig =>
  quick
    ? { bigBytes: 128 * 2 ** 20, smallFiles: 500, runs: 3 }
    : { bigBytes: 2 ** 30, smallFiles: 5_000, runs: 5 };

export interface CloneBenchRow {
  backend: 'dir' | 'btrfs' | 'image';
  /** Why this backend was not measured. */
  skipped?: string;
  dataBytes?: number;
  files?: number;
  cloneMs?: number;
  snapshotMs?: number;
  restoreMs?: number;
  /** `cp -a --reflink=auto --sparse=always` of the same data, same filesystem (dir only). */
  cpFloorMs?: number;
}

const backends = ['dir', 'btrfs', 'image'] as const;

/** Runs the stage on a fresh Strata daemon and returns a row per backend. */
export async function runVolumeCloneStage(opts: {
  repoRoot: string;
  config: CloneBenchConfig;
  cleanup: Cleanup;
  progress: (msg: string) => void;
}): Promise<CloneBenchRow[]> {
  const { config, progress } = opts;
  const daemon = await startStrataProcess({ repoRoot: opts.repoRoot });
  // The btrfs pool stays mounted when the daemon stops (by design): unmounted before its dir goes.
  const stop = async (): Promise<void> => {
    unmountBelow(daemon.dataRoot);
    await daemon.stop();
  };
  opts.cleanup.add('stop strata (volume clone)', stop);
  const client = new EngineClient({ host: `unix://${daemon.socket}` });
  const api = new VolumeCopiesApi(client);
  const strata = (args: string[]): string =>
    execFileSync(
      process.execPath,
      [path.join(opts.repoRoot, 'bin', 'strata'), '-H', `unix://${daemon.socket}`, ...args],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
  const containers = containerE2eSkipReason();
  const scratch = mkdtempSync(path.join(tmpdir(), 'strata-bench-clone-'));
  opts.cleanup.add('remove the clone bench files', async () =>
    rmSync(scratch, { recursive: true, force: true }),
  );
  if (containers === undefined) {
    writeFileSync(path.join(scratch, 'rootfs.tar'), buildBusyboxRootfs());
    strata(['image', 'import', path.join(scratch, 'rootfs.tar'), 'busybox:local']);
  }
  const rows: CloneBenchRow[] = [];
  try {
    for (const backend of backends) {
      if (backend !== 'dir' && containers !== undefined) {
        rows.push({ backend, skipped: `not measured: ${containers}` });
        continue;
      }
      const name = `bench-${backend}`;
      const driverOpts: Record<string, string> =
        backend === 'dir'
          ? {}
          : backend === 'btrfs'
            ? { backend }
            : { backend, size: String(config.bigBytes * 2 + 256 * 2 ** 20) };
      try {
        await client.createVolume({ Name: name, DriverOpts: driverOpts });
      } catch (err) {
        rows.push({ backend, skipped: `not measured: ${(err as Error).message}` });
        continue;
      }
      const filling = performance.now();
      if (containers === undefined) {
        strata([
          'run',
          '--rm',
          '-v',
          `${name}:/d`,
          'busybox:local',
          'sh',
          '-c',
          `dd if=/dev/urandom of=/d/big bs=1048576 count=${config.bigBytes >> 20} 2>/dev/null && mkdir /d/small && ` +
            `i=0; while [ $i -lt ${config.smallFiles} ]; do echo "file $i" > /d/small/$i; i=$((i+1)); done`,
        ]);
      } else {
        fillFromHost((await client.inspectVolume(name)).Mountpoint, config);
      }
      const filled = ((performance.now() - filling) / 1000).toFixed(1);
      progress(
        `volume clone: ${backend} volume filled (${config.bigBytes >> 20} MiB + ${config.smallFiles} files) in ${filled} s`,
      );
      const time = async (op: (i: number) => Promise<unknown>, undo: (i: number) => Promise<unknown>) => {
        const samples: number[] = [];
        for (let i = 0; i < config.runs; i++) {
          const t0 = performance.now();
          await op(i);
          samples.push(performance.now() - t0);
          await undo(i);
        }
        return median(samples);
      };
      const cloneMs = await time(
        (i) => api.clone(name, { name: `${name}-c${i}` }),
        (i) => client.removeVolume(`${name}-c${i}`),
      );
      const snapshotMs = await time(
        (i) => api.createSnapshot(name, `s${i}`),
        async () => undefined,
      );
      const restoreMs = await time(
        (i) => api.restoreSnapshot(name, `s${i}`),
        async () => undefined,
      );
      const row: CloneBenchRow = {
        backend,
        dataBytes: config.bigBytes,
        files: config.smallFiles + 1,
        cloneMs,
        snapshotMs,
        restoreMs,
      };
      if (backend === 'dir')
        row.cpFloorMs = cpFloor((await client.inspectVolume(name)).Mountpoint, config.runs);
      progress(
        `volume clone: ${backend}: clone ${cloneMs.toFixed(1)} ms, snapshot ${snapshotMs.toFixed(1)} ms, restore ${restoreMs.toFixed(1)} ms` +
          (row.cpFloorMs === undefined ? '' : ` (cp -a ${row.cpFloorMs.toFixed(1)} ms)`),
      );
      rows.push(row);
      await client.removeVolume(name);
    }
  } finally {
    await stop();
  }
  return rows;
}

/** The same shape of data written from the host (no containers here: `dir` only). */
function fillFromHost(dir: string, config: CloneBenchConfig): void {
  spawnSync(
    'dd',
    ['if=/dev/urandom', `of=${path.join(dir, 'big')}`, 'bs=1M', `count=${config.bigBytes >> 20}`],
    {
      stdio: 'ignore',
    },
  );
  mkdirSync(path.join(dir, 'small'));
  for (let i = 0; i < config.smallFiles; i++)
    writeFileSync(path.join(dir, 'small', String(i)), `file ${i}\n`);
}

/** Unmounts every mount point at or below `dir`, deepest first (loop devices go with autoclear). */
function unmountBelow(dir: string): void {
  const points = readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[4] ?? '')
    .filter((p) => p === dir || p.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
  for (const p of points) spawnSync('umount', [p], { stdio: 'ignore' });
}

/** GNU cp -a of the volume's data beside it (same filesystem), median of `runs`. */
function cpFloor(data: string, runs: number): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const to = `${path.dirname(path.dirname(data))}/.bench-cp-${i}`;
    const t0 = performance.now();
    spawnSync('cp', ['-a', '--reflink=auto', '--sparse=always', '-T', data, to], { stdio: 'ignore' });
    samples.push(performance.now() - t0);
    rmSync(to, { recursive: true, force: true });
  }
  return median(samples);
}

/** The stage's rows as a text table. */
export function cloneTable(rows: readonly CloneBenchRow[]): string {
  const ms = (v: number | undefined): string => (v === undefined ? '' : `${v.toFixed(1)} ms`);
  const lines = [['backend', 'data', 'clone', 'snapshot', 'restore', 'cp -a floor']];
  for (const r of rows) {
    if (r.skipped !== undefined) {
      lines.push([r.backend, r.skipped, '', '', '', '']);
      continue;
    }
    const data = `${((r.dataBytes ?? 0) / 2 ** 20).toFixed(0)} MiB + ${(r.files ?? 1) - 1} files`;
    lines.push([r.backend, data, ms(r.cloneMs), ms(r.snapshotMs), ms(r.restoreMs), ms(r.cpFloorMs)]);
  }
  const widths = lines[0]?.map((_, j) => Math.max(...lines.map((l) => (l[j] ?? '').length))) ?? [];
  return lines
    .map((l) =>
      l
        .map((c, j) => c.padEnd(widths[j] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const progress = (msg: string): void => void process.stderr.write(`${msg}\n`);
  const cleanup = new Cleanup(progress);
  cleanup.installSignalHandlers();
  try {
    const rows = await runVolumeCloneStage({ repoRoot, config: cloneConfigFor(quick), cleanup, progress });
    process.stdout.write(`${cloneTable(rows)}\n`);
  } finally {
    await cleanup.run();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  });
}
