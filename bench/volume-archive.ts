// Volume export and import throughput against GNU tar on the same tree in the same run (target:
// Strata ≥ 0.8× GNU tar's rate). The tree: many small files and a few large ones, 1 GiB (64 MiB
// with --quick). Each measurement goes through the CLI as a user runs it:
//
//   export   strata volume export -o FILE VOL          vs  tar -c -f FILE -C DIR .   (same options)
//   import   strata volume import NEWVOL FILE          vs  tar -x -f FILE -C EMPTYDIR
//
// Rates are tree bytes (file contents) per second including a sync(1) after each command, medians
// over the repetitions; each side runs once unmeasured first. Standalone: `npx tsx bench/volume-archive.ts
// [--quick]` after `npm run build`; `bench/run.ts` runs it as its last stage.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchStrata } from './daemons.js';

export interface ArchiveBenchResult {
  treeBytes: number;
  files: number;
  exportStrataMBs: number;
  exportTarMBs: number;
  importStrataMBs: number;
  importTarMBs: number;
}

const tarOptions = ['--format=pax', '--xattrs', '--xattrs-include=*', '--sparse', '--numeric-owner'];

/** Many small files (4–32 KiB) in 100 directories, and four large ones; about `total` bytes. */
function buildTree(dir: string, total: number): { bytes: number; files: number } {
  const random = Buffer.alloc(1 << 20);
  for (let i = 0; i < random.length; i += 4)
    random.writeUInt32LE((Math.imul(i + 1, 2654435761) ^ i) >>> 0, i);
  const large = Math.floor(total / 2 / 4);
  let bytes = 0;
  let files = 0;
  for (let i = 0; i < 4; i++) {
    const parts: Buffer[] = [];
    for (let left = large; left > 0; left -= random.length)
      parts.push(random.subarray(0, Math.min(left, random.length)));
    writeFileSync(path.join(dir, `large-${i}.bin`), Buffer.concat(parts));
    bytes += large;
    files++;
  }
  for (let d = 0; bytes < total; d = (d + 1) % 100) {
    const sub = path.join(dir, `dir-${d}`);
    mkdirSync(sub, { recursive: true });
    const size = 4096 + ((files * 7919) % (28 * 1024));
    writeFileSync(path.join(sub, `f-${files}`), random.subarray(files % 1000, (files % 1000) + size));
    bytes += size;
    files++;
  }
  return { bytes, files };
}

/**
 * Milliseconds of the command and then a sync(1): both sides pay for getting their bytes to disk,
 * so page-cache write-back left over from one measurement does not land in the next.
 */
function timed(argv: string[], env: NodeJS.ProcessEnv = process.env): number {
  spawnSync('sync');
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv[0] as string, argv.slice(1), { env, stdio: ['ignore', 'ignore', 'pipe'] });
  spawnSync('sync');
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stderr.toString()}`);
  return ms;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

export async function runVolumeArchiveBench(opts: {
  repoRoot: string;
  quick: boolean;
  progress: (msg: string) => void;
}): Promise<ArchiveBenchResult> {
  const { progress } = opts;
  const reps = opts.quick ? 2 : 3;
  const work = mkdtempSync(path.join(tmpdir(), 'strata-bench-archive-'));
  const strata = await launchStrata({ repoRoot: opts.repoRoot, durability: 'default' });
  try {
    const env = { ...process.env, STRATA_HOST: `unix://${strata.socket}` };
    const cli = (...args: string[]): string[] => [
      process.execPath,
      path.join(opts.repoRoot, 'bin', 'strata'),
      ...args,
    ];
    // The tree is built in the volume itself, and GNU tar reads that same directory.
    const created = spawnSync(
      cli('volume', 'create', 'bench-src')[0] as string,
      cli('volume', 'create', 'bench-src').slice(1),
      {
        env,
        encoding: 'utf8',
      },
    );
    if (created.status !== 0) throw new Error(created.stderr);
    const inspect = spawnSync(
      process.execPath,
      [path.join(opts.repoRoot, 'bin', 'strata'), 'volume', 'inspect', '-f', '{{.Mountpoint}}', 'bench-src'],
      {
        env,
        encoding: 'utf8',
      },
    );
    const tree = inspect.stdout.trim();
    const { bytes, files } = buildTree(tree, opts.quick ? 64 << 20 : 1 << 30);
    progress(`  volume archive: tree of ${files} files, ${(bytes / 2 ** 20).toFixed(0)} MiB`);
    spawnSync('sync');
    const file = (who: string): string => path.join(work, `${who}.tar`);

    const exportStrata: number[] = [];
    const exportTar: number[] = [];
    const importStrata: number[] = [];
    const importTar: number[] = [];
    for (let i = 0; i <= reps; i++) {
      const warm = i === 0;
      // Who goes first alternates, so neither side always follows the other's write-back.
      const strataFirst = i % 2 === 0;
      const exportStrataRun = (): number =>
        timed(cli('volume', 'export', '-o', file('strata'), 'bench-src'), env);
      const exportTarRun = (): number =>
        timed(['tar', '-c', '-f', file('tar'), '-C', tree, ...tarOptions, '.']);
      const [s, t] = strataFirst
        ? [exportStrataRun(), exportTarRun()]
        : ((): [number, number] => {
            const tt = exportTarRun();
            return [exportStrataRun(), tt];
          })();
      const into = path.join(work, `tar-out-${i}`);
      mkdirSync(into);
      const tarX = ['-x', '-f', file('tar'), '-C', into, '--xattrs', '--xattrs-include=*', '--numeric-owner'];
      const importStrataRun = (): number =>
        timed(cli('volume', 'import', `bench-dst-${i}`, file('strata')), env);
      const importTarRun = (): number => timed(['tar', ...tarX]);
      // Imported trees stay until the end: deleting one (the daemon does it in the background) would
      // load the disk during the next measurement.
      const [si, ti] = strataFirst
        ? [importStrataRun(), importTarRun()]
        : ((): [number, number] => {
            const tt = importTarRun();
            return [importStrataRun(), tt];
          })();
      if (warm) continue;
      exportStrata.push(s);
      exportTar.push(t);
      importStrata.push(si);
      importTar.push(ti);
      progress(
        `  volume archive rep ${i}: export ${s.toFixed(0)} vs tar ${t.toFixed(0)} ms, import ${si.toFixed(0)} vs tar ${ti.toFixed(0)} ms`,
      );
    }
    const rate = (ms: number): number => bytes / 1e6 / (ms / 1000);
    const size = statSync(file('strata')).size;
    progress(`  volume archive: archive ${(size / 2 ** 20).toFixed(0)} MiB`);
    return {
      treeBytes: bytes,
      files,
      exportStrataMBs: rate(median(exportStrata)),
      exportTarMBs: rate(median(exportTar)),
      importStrataMBs: rate(median(importStrata)),
      importTarMBs: rate(median(importTar)),
    };
  } finally {
    await strata.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

/** The figures as a small table (stdout) and Markdown rows. */
export function archiveTable(r: ArchiveBenchResult): string {
  const row = (op: string, s: number, t: number): string =>
    `| volume ${op} | ${s.toFixed(0)} MB/s | ${t.toFixed(0)} MB/s | ${(s / t).toFixed(2)}× |`;
  return [
    `Volume archive throughput (${r.files} files, ${(r.treeBytes / 2 ** 20).toFixed(0)} MiB; target ≥ 0.80× GNU tar)`,
    '| operation | Strata | GNU tar | ratio |',
    '|---|---|---|---|',
    row('export', r.exportStrataMBs, r.exportTarMBs),
    row('import', r.importStrataMBs, r.importTarMBs),
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const quick = process.argv.includes('--quick');
  const result = await runVolumeArchiveBench({
    repoRoot,
    quick,
    progress: (m) => void process.stderr.write(`${m}\n`),
  });
  process.stdout.write(`${archiveTable(result)}\n`);
}
