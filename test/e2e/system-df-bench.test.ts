// The `system df -v` benchmark's own machinery (bench/system-df.ts) at toy scale against a real
// Strata: containers fill volumes through the docker CLI, `/system/df` settles to exactly the bytes
// written, the CLI's volume table lists every volume; and the pure parts (output check, size sum,
// volume split, table rows) on hand-made input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerCliPath } from '../../bench/cli-startup.js';
import { makeContainerRunKit, type ContainerRunKit } from '../../bench/container-run.js';
import { systemDfRows } from '../../bench/system-df-report.js';
import {
  benchVolumes,
  dfConfigFor,
  dfOutputProblem,
  expectedBytes,
  measureSystemDf,
  type DfConfig,
  type DfDaemonResult,
} from '../../bench/system-df.js';
import { volumesOfContainer } from '../../bench/system-df-fill.js';
import { containerE2eSkipReason } from '../helpers/containers.js';
import { startStrata, type StrataDaemon } from '../helpers/strata-daemon.js';

const skip = containerE2eSkipReason();

const toy: DfConfig = {
  ...dfConfigFor(true),
  volumes: 7,
  filesPerVolume: 25,
  containers: 3,
  cliRuns: 2,
  cliWarmup: 1,
  httpReps: 2,
  settleTimeoutMs: 30_000,
};

describe('system df bench: pure parts', () => {
  it('splits volumes evenly over the fill containers, the rest to the last', () => {
    expect(volumesOfContainer(toy, 0)).toEqual([1, 2]);
    expect(volumesOfContainer(toy, 1)).toEqual([3, 4]);
    expect(volumesOfContainer(toy, 2)).toEqual([5, 6, 7]);
    const full = dfConfigFor(false);
    const all = Array.from({ length: full.containers }, (_, c) => volumesOfContainer(full, c)).flat();
    expect(all).toEqual(Array.from({ length: full.volumes }, (_, i) => i + 1));
    expect(full.volumes * full.filesPerVolume).toBe(200_000);
  });

  it('sums the bench volumes of a /system/df body, counting unknown (-1) sizes apart', () => {
    const body = JSON.stringify({
      Volumes: [
        { Name: 'dfv-2', UsageData: { Size: 10, RefCount: 0 } },
        { Name: 'other', UsageData: { Size: 1000, RefCount: 0 } },
        { Name: 'dfv-1', UsageData: { Size: -1, RefCount: 0 } },
        { Name: 'dfv-3', UsageData: null },
      ],
    });
    const v = benchVolumes(body);
    expect(v.total).toBe(10);
    expect(v.unknown).toBe(2);
    expect([...v.sizes.keys()]).toEqual(['dfv-1', 'dfv-2', 'dfv-3']);
    expect(benchVolumes('{"Volumes":null}').sizes.size).toBe(0);
  });

  it('accepts docker system df -v output only when it lists every bench volume', () => {
    const out = (rows: string[]): string =>
      [
        'Images space usage:',
        '',
        'REPOSITORY   TAG   IMAGE ID   CREATED   SIZE   SHARED SIZE   UNIQUE SIZE   CONTAINERS',
        '',
        'Local Volumes space usage:',
        '',
        'VOLUME NAME   LINKS     SIZE',
        ...rows,
        '',
        'Build cache usage: 0B',
        '',
      ].join('\n');
    const ok = { status: 0, stderr: '' };
    expect(
      dfOutputProblem({ ...ok, stdout: out(['dfv-1         0         1.6kB', 'dfv-2   0   1.6kB']) }, 2),
    ).toBe(undefined);
    expect(dfOutputProblem({ ...ok, stdout: out(['dfv-1   0   1.6kB']) }, 2)).toMatch(/has 1 bench volumes/);
    expect(dfOutputProblem({ ...ok, stdout: 'TYPE  TOTAL\n' }, 2)).toMatch(/no "Local Volumes/);
    expect(dfOutputProblem({ status: 1, stdout: '', stderr: 'Cannot connect\n' }, 2)).toMatch(
      /^exit 1: Cannot/,
    );
  });

  it('marks a total size that differs between the daemons as a mismatch', () => {
    const result = (daemon: 'strata' | 'dockerd', totalSize: number): DfDaemonResult => ({
      daemon,
      version: 'x',
      fillMs: 1,
      settleMs: 1,
      totalSize,
      volumesReported: toy.volumes,
      cli: { command: 'docker', runs: 2, medianMs: 2, p90Ms: 2, p95Ms: 2, meanMs: 2, tool: 'spawnSync' },
      cliFloor: { command: 'docker', runs: 2, medianMs: 1, p90Ms: 1, p95Ms: 1, meanMs: 1, tool: 'spawnSync' },
      cliCold: { command: 'docker', runs: 2, medianMs: 3, p90Ms: 3, p95Ms: 3, meanMs: 3, tool: 'spawnSync' },
      http: { n: 2, reps: 2, opsPerSec: 1, p50Ms: 1, p95Ms: 1, meanMs: 1, concurrency: 1 },
    });
    const expected = expectedBytes(toy);
    const base = { config: toy, expectedBytes: expected };
    const same = systemDfRows({
      ...base,
      strata: result('strata', expected),
      dockerd: result('dockerd', expected),
    });
    expect(same.find((r) => r.id === 'system-df-size')?.met).toBe(true);
    const differ = systemDfRows({
      ...base,
      strata: result('strata', 1),
      dockerd: result('dockerd', expected),
    });
    const size = differ.find((r) => r.id === 'system-df-size');
    expect(size?.met).toBe(false);
    expect(size?.operation).toMatch(/^MISMATCH/);
    const alone = systemDfRows({ ...base, strata: result('strata', expected), dockerdSkipped: 'no dockerd' });
    expect(alone.find((r) => r.id === 'system-df-cli')?.dockerd).toBe('not run (no dockerd)');
    expect(alone.find((r) => r.id === 'system-df-cli')?.met).toBe(undefined);
    const floor = same.find((r) => r.id === 'system-df-cli-floor');
    expect(floor?.ratio).toBe(2);
  });
});

describe.skipIf(skip !== undefined)('system df bench against Strata (containers)', () => {
  let d: StrataDaemon;
  let kit: ContainerRunKit;

  beforeAll(async () => {
    d = await startStrata();
    kit = makeContainerRunKit(dockerCliPath());
  });

  afterAll(async () => {
    await d?.stop();
    kit?.close();
  });

  it('fills volumes through containers, settles to the bytes written and times the CLI', async () => {
    const lines: string[] = [];
    const r = await measureSystemDf(
      { kind: 'strata', socket: d.socket, version: 'test', stop: async () => undefined },
      { config: toy, kit, progress: (m) => lines.push(m) },
    );
    expect(r.unsettled).toBeUndefined();
    expect(r.volumesReported).toBe(toy.volumes);
    expect(r.totalSize).toBe(expectedBytes(toy));
    expect(r.cli.unavailable).toBeUndefined();
    expect(r.cli.runs).toBe(toy.cliRuns);
    expect(r.http.n).toBe(toy.httpReps);
    expect(r.cliFloor.runs).toBe(toy.cliRuns);
    expect(lines.filter((l) => /fill: container \d+\/3 done/.test(l))).toHaveLength(3);
  });
});
