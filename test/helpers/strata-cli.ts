import { execFile } from 'node:child_process';
import { DaemonError } from '../../src/client/engine-client.js';
import { STRATA_BIN, type StrataDaemon } from './strata-daemon.js';

export interface StrataRun {
  stdout: string;
  stderr: string;
  /** Exit code; -1 if killed by a signal (e.g. the timeout). */
  code: number;
}

/** Runs the built `strata` CLI against the daemon; never rejects. */
export function runStrata(d: StrataDaemon, args: string[]): Promise<StrataRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [STRATA_BIN, '-H', `unix://${d.socket}`, ...args],
      { timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ stdout, stderr, code });
      },
    );
  });
}

/** The status and text of the daemon error `p` rejects with; fails if it resolves. */
export async function daemonErrorOf(p: Promise<unknown>): Promise<[number, string]> {
  try {
    await p;
  } catch (err) {
    if (err instanceof DaemonError) return [err.status, err.daemonMessage];
    throw err;
  }
  throw new Error('expected a daemon error');
}
