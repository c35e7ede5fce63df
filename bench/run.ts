// Strata vs dockerd on the volume API, CLI start-up, `docker run` of a trivial container and
// `docker system df -v` over 200,000 files. Usage (after `npm run build`):
//
//   npx tsx bench/run.ts [--quick] [--no-dockerd] [--rounds N] [--durability crash|power] [--profile]
//                        [--no-system-df | --only system-df]
//
//   --quick          smoke run: 50/100 volumes instead of 1,000/10,000, few repetitions; system df on
//                    100 volumes / 20,000 files instead of 1,000 / 200,000
//   --rounds N       whole-workload rounds per daemon, order alternating; medians reported
//                    (default 3; 1 with --quick or --profile)
//   --no-dockerd     measure Strata only (dockerd is also skipped when missing or not root)
//   --durability     passed to the Strata daemon (default: the daemon's own default)
//   --profile        CPU-profile the Strata daemon (implies --no-dockerd; numbers are then slowed by
//                    the profiler): writes .bench/profile-<date>/ and a per-operation summary
//   --no-system-df   skip the `docker system df -v` stage (fresh daemons filled through containers,
//                    after the rounds; see system-df.ts); --profile skips it too
//   --only system-df run that stage alone (results-<date>[-quick]-system-df.*)
//   --no-volume-archive  skip the last stage: volume export/import throughput against GNU tar on a
//                    1 GiB tree (64 MiB with --quick), see volume-archive.ts
//
// After them, clone / snapshot / restore per storage backend (volume-clone.ts; its own table, and
// .bench/results-<date>[-variant]-volume-clone.json), also runnable alone: npx tsx bench/volume-clone.ts.
//
// The table goes to stdout; progress to stderr; results to .bench/results-<date>[-variant].{json,md}.
// From package.json: "bench": "npm run build && tsx bench/run.ts" (then `npm run bench -- --quick`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  displayCommand,
  dockerCliPath,
  runOnce,
  timeCommand,
  unavailableCli,
  volumeLsProblem,
  type CommandSpec,
} from './cli-startup.js';
import {
  containerRunSkipReason,
  makeContainerRunKit,
  measureContainerRun,
  measureRuncFloor,
  type ContainerRunKit,
} from './container-run.js';
import { Cleanup, dockerdSkipReason, launchDockerd, launchStrata, type DaemonUnderTest } from './daemons.js';
import { measureHttpFloor } from './http-floor.js';
import { machineFacts } from './machine-facts.js';
import { summarizeProfileFile } from './profile-summary.js';
import { buildRows, markdown, textTable, type Report } from './report.js';
import { mergeCli, mergeRounds, roundOrder } from './rounds.js';
import { configFor, type BenchConfig, type CliMeasurement, type DaemonResults } from './results.js';
import { runVolumeWorkload } from './volume-workload.js';
import { dfConfigFor, runSystemDfStage } from './system-df.js';
import { systemDfRows } from './system-df-report.js';
import { cloneConfigFor, cloneTable, runVolumeCloneStage } from './volume-clone.js';
import { archiveTable, runVolumeArchiveBench } from './volume-archive.js';

const progress = (msg: string): void => void process.stderr.write(`${msg}\n`);

interface RunOptions {
  config: BenchConfig;
  dockerd: boolean;
  profile: boolean;
  rounds: number;
  /** The `system df -v` stage: after the rounds, not at all, or alone. */
  systemDf: 'with' | 'skip' | 'only';
  /** Volume export/import against GNU tar (bench/volume-archive.ts), after the rest. */
  volumeArchive: boolean;
}

function parseOptions(argv: string[]): RunOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      'no-dockerd': { type: 'boolean', default: false },
      durability: { type: 'string' },
      profile: { type: 'boolean', default: false },
      rounds: { type: 'string' },
      'no-system-df': { type: 'boolean', default: false },
      'no-volume-archive': { type: 'boolean', default: false },
      only: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(
      'usage: tsx bench/run.ts [--quick] [--no-dockerd] [--rounds N] [--durability crash|power] [--profile]\n' +
        '                        [--no-system-df | --only system-df]\n',
    );
    process.exit(0);
  }
  const sync = values.durability ?? 'default';
  if (sync !== 'crash' && sync !== 'power' && sync !== 'default') {
    throw new Error(`--durability must be crash or power, not ${sync}`);
  }
  const rounds = values.profile ? 1 : Number(values.rounds ?? (values.quick ? 1 : 3));
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a positive integer`);
  if (values.only !== undefined && values.only !== 'system-df') {
    throw new Error(`--only takes system-df, not ${values.only}`);
  }
  if (values.only !== undefined && (values.profile || values['no-system-df'])) {
    throw new Error('--only system-df cannot be combined with --profile or --no-system-df');
  }
  return {
    config: configFor({ quick: values.quick, durability: sync }),
    dockerd: !values['no-dockerd'] && !values.profile,
    profile: values.profile,
    rounds,
    systemDf: values.only !== undefined ? 'only' : values.profile || values['no-system-df'] ? 'skip' : 'with',
    volumeArchive: !values['no-volume-archive'] && !values.profile && values.only === undefined,
  };
}

/** The repo root: the nearest ancestor whose package.json is Strata's (works from bench/ and dist/bench/). */
function findRepoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'strata')
      return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot find the Strata repository root');
    dir = up;
  }
}

/** Times `spec` as a `volume ls` that must print `expected` rows; n/a with the reason when it does not. */
function timeVolumeLs(spec: CommandSpec, expected: number, runs: number): CliMeasurement {
  const problem = volumeLsProblem(runOnce(spec), expected);
  const command = displayCommand(spec.argv);
  if (problem !== undefined) {
    progress(`  ${command}: not measured: ${problem}`);
    return unavailableCli(command, problem);
  }
  const m = timeCommand(spec, runs);
  progress(`  ${command}: median ${m.medianMs.toFixed(1)} ms over ${m.runs} runs (${m.tool})`);
  return m;
}

async function benchDaemon(
  daemon: DaemonUnderTest,
  config: BenchConfig,
  runKit: ContainerRunKit | undefined,
  cli: (socket: string, expected: number) => CliMeasurement,
): Promise<DaemonResults> {
  progress(`${daemon.kind} ${daemon.version} on ${daemon.socket}`);
  // CLI start-up on an empty daemon first (the common small case), then at config.small volumes.
  const cliEmpty = cli(daemon.socket, 0);
  // `docker run` next, while the daemon is fresh; it removes its volume again before the workload.
  const containerRun = runKit && measureContainerRun(runKit, daemon.socket, config, progress);
  let cliResult: CliMeasurement | undefined;
  const { ops, phases } = await runVolumeWorkload({
    socket: daemon.socket,
    config,
    progress,
    atSmall: async () => {
      cliResult = cli(daemon.socket, config.small);
    },
  });
  return {
    daemon: daemon.kind,
    version: daemon.version,
    ops,
    phases,
    cliEmpty,
    ...(cliResult ? { cli: cliResult } : {}),
    ...(containerRun ? { containerRun } : {}),
  };
}

interface RoundsResult {
  strata: DaemonResults[];
  dockerd: DaemonResults[];
  nodeBaseline: CliMeasurement[];
}

/** Every round: each daemon in turn (fresh data root), the whole workload, stopped again. */
async function runRounds(
  opts: RunOptions & {
    root: string;
    dockerdSkip: string | undefined;
    profileDir: string | undefined;
    runKit: ContainerRunKit | undefined;
  },
  cleanup: Cleanup,
): Promise<RoundsResult> {
  const { config } = opts;
  const out: RoundsResult = { strata: [], dockerd: [], nodeBaseline: [] };
  for (let round = 1; round <= opts.rounds; round++) {
    for (const kind of roundOrder(round)) {
      if (kind === 'dockerd' && opts.dockerdSkip !== undefined) continue;
      progress(`round ${round}/${opts.rounds}: ${kind}`);
      quietDisk();
      if (kind === 'strata') {
        const strata = await launchStrata({
          repoRoot: opts.root,
          durability: config.durability,
          ...(opts.profileDir ? { cpuProfileDir: opts.profileDir } : {}),
        });
        cleanup.add('stop strata', strata.stop);
        const result = await benchDaemon(strata, config, opts.runKit, (socket, expected) => {
          const baseline = timeCommand({ argv: [process.execPath, '-e', ''] }, config.cliRuns);
          out.nodeBaseline.push(baseline);
          progress(`  node -e '': median ${baseline.medianMs.toFixed(1)} ms over ${baseline.runs} runs`);
          const spec = {
            argv: [process.execPath, path.join(opts.root, 'bin', 'strata'), 'volume', 'ls'],
            env: { STRATA_HOST: `unix://${socket}` },
          };
          const timed = timeVolumeLs(spec, expected, config.cliRuns);
          if (opts.profileDir && timed.unavailable === undefined) {
            runOnce({
              ...spec,
              argv: [process.execPath, ...cliProfileFlags(opts.profileDir), ...spec.argv.slice(1)],
            });
          }
          return timed;
        });
        out.strata.push(result);
        await strata.stop();
      } else {
        const dockerd = await launchDockerd();
        cleanup.add('stop dockerd', dockerd.stop);
        const docker = dockerCliPath();
        const result = await benchDaemon(dockerd, config, opts.runKit, (socket, expected) =>
          timeVolumeLs(
            { argv: [docker, 'volume', 'ls'], env: { DOCKER_HOST: `unix://${socket}` } },
            expected,
            config.cliRuns,
          ),
        );
        out.dockerd.push(result);
        await dockerd.stop();
      }
    }
  }
  return out;
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const { config } = opts;
  const root = findRepoRoot();
  if (!existsSync(path.join(root, 'dist', 'src', 'daemon', 'main.js'))) {
    throw new Error('dist/ is missing: run `npm run build` first');
  }
  const date = new Date().toISOString().slice(0, 10);
  const outDir = path.join(root, '.bench');
  const cleanup = new Cleanup(progress);
  cleanup.installSignalHandlers();
  const machine = machineFacts();
  progress(`machine: ${machine.cpus} CPUs, ${machine.kernel}, node ${machine.node}, ${machine.dockerd}`);
  if (machine.loadAtStart > 0.5) {
    progress(`warning: load average ${machine.loadAtStart} at start: other work will skew the numbers`);
  }
  const profileDir = opts.profile ? path.join(outDir, `profile-${date}`) : undefined;
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  const dockerdSkip = opts.dockerd
    ? dockerdSkipReason()
    : opts.profile
      ? 'skipped (--profile)'
      : 'skipped (--no-dockerd)';
  if (dockerdSkip !== undefined) progress(`dockerd: ${dockerdSkip}`);
  const runSkip = containerRunSkipReason();
  if (runSkip !== undefined) progress(`docker run: not measured: ${runSkip}`);

  try {
    const runKit = runSkip === undefined ? makeContainerRunKit(dockerCliPath()) : undefined;
    if (runKit) cleanup.add('remove the docker run files', async () => runKit.close());
    const dfOnly = opts.systemDf === 'only';
    const rounds: RoundsResult = dfOnly
      ? { strata: [], dockerd: [], nodeBaseline: [] }
      : await runRounds({ ...opts, root, dockerdSkip, profileDir, runKit }, cleanup);
    const systemDf =
      opts.systemDf === 'skip'
        ? undefined
        : await runSystemDfStage({
            repoRoot: root,
            durability: config.durability,
            config: dfConfigFor(config.quick),
            kit: runKit,
            containersSkipped: runSkip,
            dockerdSkipped: dockerdSkip,
            cleanup,
            progress,
          });
    // Clone, snapshot and restore per storage backend (volume-clone.ts): a few seconds with --quick.
    const volumeClone =
      opts.profile || dfOnly
        ? undefined
        : await runVolumeCloneStage({
            repoRoot: root,
            config: cloneConfigFor(config.quick),
            cleanup,
            progress,
          });
    const httpFloor = opts.profile || dfOnly ? undefined : await measureHttpFloor(config);
    if (httpFloor) progress(`node:http floor: p50 ${httpFloor.p50Ms.toFixed(3)} ms`);
    const runcFloor = dfOnly ? undefined : runKit && measureRuncFloor(runKit, config);
    if (runcFloor) progress(`runc run floor: median ${runcFloor.medianMs.toFixed(1)} ms`);

    const strata = dfOnly ? undefined : mergeRounds(rounds.strata);
    const dockerd = rounds.dockerd.length > 0 ? mergeRounds(rounds.dockerd) : undefined;
    const baseline = mergeCli(rounds.nodeBaseline) ?? unavailableCli("node -e ''", 'not measured');
    const report: Report = {
      date,
      config,
      rounds: opts.rounds,
      machine,
      daemons: [strata, dockerd].filter((d): d is DaemonResults => d !== undefined),
      nodeBaseline: baseline,
      ...(httpFloor ? { httpFloor } : {}),
      ...(runcFloor ? { runcFloor } : {}),
      rows: [
        ...(strata
          ? buildRows(config, strata, dockerd, baseline, httpFloor, { runcFloor, skipped: runSkip })
          : []),
        ...(systemDf ? systemDfRows(systemDf) : []),
      ],
      ...(dockerdSkip === undefined ? {} : { dockerdSkipped: dockerdSkip }),
      ...(runSkip === undefined ? {} : { containerRunSkipped: runSkip }),
      perRound: [...rounds.strata, ...rounds.dockerd],
      ...(systemDf ? { systemDf } : {}),
    };
    const suffix = [
      config.quick ? '-quick' : '',
      opts.profile ? '-profiled' : '',
      config.durability === 'default' ? '' : `-durability-${config.durability}`,
      dockerdSkip === undefined || opts.profile ? '' : '-strata-only',
      dfOnly ? '-system-df' : '',
    ].join('');
    mkdirSync(outDir, { recursive: true });
    const base = path.join(outDir, `results-${date}${suffix}`);
    writeFileSync(`${base}.json`, JSON.stringify(report, null, 2) + '\n');
    writeFileSync(`${base}.md`, markdown(report));
    process.stdout.write(textTable(report) + '\n');
    if (volumeClone) {
      process.stdout.write(
        `\nvolume clone / snapshot / restore (median over the API):\n${cloneTable(volumeClone)}\n`,
      );
      writeFileSync(`${base}-volume-clone.json`, JSON.stringify(volumeClone, null, 2) + '\n');
    }
    progress(`wrote ${path.relative(root, base)}.json and .md`);
    if (opts.volumeArchive) {
      progress('volume export/import vs GNU tar');
      const table = archiveTable(
        await runVolumeArchiveBench({ repoRoot: root, quick: config.quick, progress }),
      );
      process.stdout.write(`\n${table}\n`);
      writeFileSync(`${base}-volume-archive.md`, `${table}\n`);
    }

    if (profileDir && strata) writeProfileSummary(profileDir, strata, root, date);
  } finally {
    await cleanup.run();
  }
}

/**
 * Flushes dirty pages (a previous run's 10,000 deleted directories, say) so that the write-back of
 * one daemon's clean-up does not slow the next daemon's creates.
 */
function quietDisk(): void {
  spawnSync('sync', { stdio: 'ignore' });
}

const cliProfileFlags = (profileDir: string): string[] => [
  '--cpu-prof',
  '--cpu-prof-dir',
  path.join(profileDir, 'cli'),
];

/** After the daemon exited (that is when V8 writes the profile): slice it by phase and summarize. */
function writeProfileSummary(dir: string, results: DaemonResults, root: string, date: string): void {
  const newest = newestProfile(dir);
  if (newest === undefined) {
    progress(`no .cpuprofile in ${dir}: the daemon did not exit cleanly`);
    return;
  }
  writeFileSync(path.join(dir, 'phases.json'), JSON.stringify(results.phases, null, 2) + '\n');
  let summary = summarizeProfileFile(path.join(dir, newest), results.phases, root);
  const cli = newestProfile(path.join(dir, 'cli'));
  if (cli !== undefined) {
    summary +=
      '\n\n# `strata volume ls` (one run, whole process)\n\n' +
      summarizeProfileFile(path.join(dir, 'cli', cli), undefined, root).replace(/^# .*\n\n/, '');
  }
  const out = path.join(root, '.bench', `profile-${date}.md`);
  writeFileSync(out, summary + '\n');
  progress(summary);
  progress(`wrote ${path.relative(root, out)} (profile: ${path.relative(root, path.join(dir, newest))})`);
}

function newestProfile(dir: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  return readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort()
    .pop();
}

main().catch((err: unknown) => {
  progress(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
});
