// The daemons under test, each on its own temp data root and socket, and the clean-up that stops them
// whatever happens (normal end, error, Ctrl-C, SIGTERM).
import { mkdirSync } from 'node:fs';
import { dockerdUnavailableReason, startDockerd } from '../test/helpers/dockerd.js';
import { ApiClient } from './api-client.js';
import type { BenchConfig } from './results.js';
import { startStrataProcess } from './strata-process.js';

export interface DaemonUnderTest {
  kind: 'strata' | 'dockerd';
  socket: string;
  /** `Version` from GET /version. */
  version: string;
  /** Idempotent. */
  stop(): Promise<void>;
}

export interface StrataLaunch {
  repoRoot: string;
  durability: BenchConfig['durability'];
  /** Write a V8 CPU profile of the daemon into this directory (written when it exits). */
  cpuProfileDir?: string;
}

export async function launchStrata(opts: StrataLaunch): Promise<DaemonUnderTest> {
  const args = opts.durability === 'default' ? [] : ['--durability', opts.durability];
  let nodeArgs: string[] = [];
  if (opts.cpuProfileDir !== undefined) {
    mkdirSync(opts.cpuProfileDir, { recursive: true });
    nodeArgs = ['--cpu-prof', '--cpu-prof-dir', opts.cpuProfileDir];
  }
  const d = await startStrataProcess({ repoRoot: opts.repoRoot, nodeArgs, args });
  return { kind: 'strata', socket: d.socket, version: await versionOf(d.socket), stop: once(d.stop) };
}

export function dockerdSkipReason(): string | undefined {
  return dockerdUnavailableReason();
}

export async function launchDockerd(): Promise<DaemonUnderTest> {
  const d = await startDockerd({ startTimeoutMs: 60_000 });
  return {
    kind: 'dockerd',
    socket: d.socket,
    version: await versionOf(d.socket),
    stop: once(() => d.stop()),
  };
}

async function versionOf(socket: string): Promise<string> {
  const client = new ApiClient({ socket, prefix: '', maxSockets: 1 });
  try {
    const res = await client.expect(200, 'GET', '/version');
    return (JSON.parse(res.body.toString()) as { Version?: string }).Version ?? 'unknown';
  } finally {
    client.close();
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let p: Promise<void> | undefined;
  return () => (p ??= fn());
}

/**
 * Stops everything registered, newest first, exactly once: at the end of the run, on an error, and on
 * SIGINT/SIGTERM (then the process exits 130/143 after cleaning up).
 */
export class Cleanup {
  private readonly tasks: Array<{ what: string; fn: () => Promise<void> }> = [];
  private running: Promise<void> | undefined;

  constructor(private readonly progress: (msg: string) => void) {}

  add(what: string, fn: () => Promise<void>): void {
    this.tasks.push({ what, fn });
  }

  run(): Promise<void> {
    return (this.running ??= (async () => {
      for (const t of this.tasks.reverse()) {
        try {
          await t.fn();
        } catch (err) {
          this.progress(`cleanup: ${t.what} failed: ${(err as Error).message}`);
        }
      }
    })());
  }

  installSignalHandlers(): void {
    for (const [sig, code] of [
      ['SIGINT', 130],
      ['SIGTERM', 143],
    ] as const) {
      process.once(sig, () => {
        this.progress(`\n${sig}: stopping the daemons and removing their temp dirs…`);
        void this.run().finally(() => process.exit(code));
      });
    }
  }
}
