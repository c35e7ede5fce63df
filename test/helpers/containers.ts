import { buildBusyboxRootfs, busyboxUnavailableReason } from './busybox-image.js';
import { runcUnavailableReason } from './busybox-rootfs.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerCliAvailable, runDocker, type DockerResult } from './docker-cli.js';
import { startStrata, type StrataDaemon } from './strata-daemon.js';

export { buildBusyboxRootfs };

/** Why the end-to-end container tests cannot run here (root, runc, busybox-static, the docker CLI). */
export function containerE2eSkipReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'containers need root';
  return (
    runcUnavailableReason() ??
    busyboxUnavailableReason() ??
    (dockerCliAvailable() ? undefined : 'no docker CLI')
  );
}

/** A Strata daemon with `busybox:local` imported, and the docker CLI pointed at it. */
export interface BusyboxDaemon {
  d: StrataDaemon;
  /** A temp dir of the test's own (holds rootfs.tar). */
  dir: string;
  docker(args: string[]): Promise<DockerResult>;
  /** Runs docker, expects exit 0, returns stdout trimmed. */
  ok(args: string[]): Promise<string>;
  /** SIGTERM the daemon, remove the temp dir. */
  close(): Promise<void>;
}

/** Starts Strata and imports busybox-static's rootfs as `busybox:local` (the e2e tests' image). */
export async function startBusyboxDaemon(prefix: string): Promise<BusyboxDaemon> {
  const d = await startStrata();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const docker = (args: string[]) => runDocker(args, { host: `unix://${d.socket}`, timeoutMs: 60_000 });
  const ok = async (args: string[]): Promise<string> => {
    const r = await docker(args);
    if (r.code !== 0) throw new Error(`docker ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
    return r.stdout.trim();
  };
  writeFileSync(join(dir, 'rootfs.tar'), buildBusyboxRootfs());
  await ok(['import', join(dir, 'rootfs.tar'), 'busybox:local']);
  return {
    d,
    dir,
    docker,
    ok,
    close: async () => {
      await d.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
