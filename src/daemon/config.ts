import { homedir } from 'node:os';
import { join } from 'node:path';
import { isLogLevel, type LogLevel } from './logger.js';

/** Everything the daemon needs to start; defaults are applied here, once. */
export interface DaemonConfig {
  /** Listen addresses, e.g. `unix:///run/strata/strata.sock`. */
  hosts: string[];
  dataRoot: string;
  logLevel: LogLevel;
  /**
   * What an acknowledged write survives. `crash` (default): a crash or kill -9 of the daemon — the
   * catalog commits to its write-ahead log before answering. `power`: a power cut too — every commit
   * and every volume directory change is fsynced before answering, at about 0.3 ms a write here.
   */
  durability: 'crash' | 'power';
  /** Where local volumes that name no `backend` keep their bytes (`dir`, Docker's, by default). */
  volumeBackend: BackendName;
  /** Size of the sparse btrfs pool image made when the volumes root is not on btrfs. */
  btrfsPoolSize: number;
  /** Size of an `image` volume created without `size`. */
  imageDefaultSize: number;
}

export interface DaemonFlags {
  host?: string[];
  dataRoot?: string;
  logLevel?: string;
  durability?: string;
  volumeBackend?: string;
  btrfsPoolSize?: string;
  imageDefaultSize?: string;
}

import { defaultHost } from '../client/hosts.js';
import { defaultBtrfsPoolSize, defaultImageSize } from '../drivers/local/backends/backend-set.js';
import { backendNames, isBackendName, type BackendName } from '../drivers/local/backends/storage-backend.js';
import { minImageSize } from '../drivers/local/local-options.js';
import { parseRamInBytes } from '../drivers/local/size.js';

const isRoot = (): boolean => process.getuid?.() === 0;

/** design.md defaults: system paths as root, XDG paths otherwise. */
export function defaultDataRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (isRoot()) return '/var/lib/strata';
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'strata');
}

/**
 * Flags win over environment (`STRATA_DATA_ROOT`, `STRATA_LOG_LEVEL`, `STRATA_DURABILITY`,
 * `STRATA_VOLUME_BACKEND`), which win over defaults.
 */
export function resolveDaemonConfig(flags: DaemonFlags, env: NodeJS.ProcessEnv = process.env): DaemonConfig {
  const logLevel = flags.logLevel ?? env.STRATA_LOG_LEVEL ?? 'info';
  if (!isLogLevel(logLevel)) throw new Error(`invalid log level: ${logLevel} (debug, info, warn, error)`);
  const durability = flags.durability ?? env.STRATA_DURABILITY ?? 'crash';
  if (durability !== 'crash' && durability !== 'power') {
    throw new Error(`invalid durability: ${durability} (crash, power)`);
  }
  const volumeBackend = flags.volumeBackend ?? env.STRATA_VOLUME_BACKEND ?? 'dir';
  if (!isBackendName(volumeBackend)) {
    throw new Error(`invalid volume backend: ${volumeBackend} (${backendNames.join(', ')})`);
  }
  const btrfsPoolSize = sizeFlag('btrfs-pool-size', flags.btrfsPoolSize, defaultBtrfsPoolSize, minBtrfsPool);
  const imageDefaultSize = sizeFlag(
    'image-default-size',
    flags.imageDefaultSize,
    defaultImageSize,
    minImageSize,
  );
  const hosts = flags.host && flags.host.length > 0 ? flags.host : [defaultHost(env)];
  for (const h of hosts) {
    if (!h.startsWith('unix://') || h.length <= 'unix://'.length) {
      throw new Error(`unsupported listen address ${JSON.stringify(h)}: use unix:///path/to.sock`);
    }
  }
  return {
    hosts,
    dataRoot: flags.dataRoot ?? env.STRATA_DATA_ROOT ?? defaultDataRoot(env),
    logLevel,
    durability,
    volumeBackend,
    btrfsPoolSize,
    imageDefaultSize,
  };
}

/** mkfs.btrfs refuses much less than this (its metadata is duplicated). */
const minBtrfsPool = 256 * 1024 * 1024;

/** A size flag (`64G`, `512m`, bytes) of at least `min` bytes. */
function sizeFlag(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  let bytes: number;
  try {
    bytes = parseRamInBytes(raw);
  } catch {
    throw new Error(`invalid --${name}: ${raw} (a size such as 512M or 64G)`);
  }
  if (bytes < min) throw new Error(`invalid --${name}: ${raw} (at least ${min} bytes)`);
  return bytes;
}
