// Facts about the machine a result came from, so numbers from different runs can be compared honestly.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { DOCKERD_BIN } from '../test/helpers/dockerd.js';
import { hyperfineVersion } from './cli-startup.js';

export interface MachineFacts {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  kernel: string;
  node: string;
  dockerd: string;
  hyperfine: string;
  /** Filesystem type of the temp dir where both data roots live. */
  tmpFs: string;
  /** 1-minute load average when the run started: other work on the machine skews every number. */
  loadAtStart: number;
}

export function machineFacts(): MachineFacts {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    dockerd: firstLine(DOCKERD_BIN, ['--version']) ?? 'not installed',
    hyperfine: hyperfineVersion() ?? 'not installed (spawnSync timing)',
    tmpFs:
      firstLine('findmnt', ['-n', '-o', 'FSTYPE', '-T', os.tmpdir()]) ??
      firstLine('stat', ['-f', '-c', '%T', os.tmpdir()]) ??
      'unknown',
    loadAtStart: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
  };
}

function firstLine(cmd: string, args: string[]): string | undefined {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split('\n')[0]?.trim() : undefined;
}
