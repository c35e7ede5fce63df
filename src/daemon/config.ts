import { homedir } from 'node:os';
import { join } from 'node:path';
import { isLogLevel, type LogLevel } from './logger.js';

/** Everything the daemon needs to start; defaults are applied here, once. */
export interface DaemonConfig {
  /** Listen addresses, e.g. `unix:///run/strata/strata.sock`. */
  hosts: string[];
  dataRoot: string;
  logLevel: LogLevel;
  /** SQLite synchronous mode for the catalog (see SqliteStore). */
  catalogSync: 'full' | 'normal';
}

export interface DaemonFlags {
  host?: string[];
  dataRoot?: string;
  logLevel?: string;
  catalogSync?: string;
}

import { defaultHost } from '../client/hosts.js';

const isRoot = (): boolean => process.getuid?.() === 0;

/** design.md defaults: system paths as root, XDG paths otherwise. */
export function defaultDataRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (isRoot()) return '/var/lib/strata';
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'strata');
}

/** Flags win over environment (`STRATA_DATA_ROOT`, `STRATA_LOG_LEVEL`), which win over defaults. */
export function resolveDaemonConfig(flags: DaemonFlags, env: NodeJS.ProcessEnv = process.env): DaemonConfig {
  const logLevel = flags.logLevel ?? env.STRATA_LOG_LEVEL ?? 'info';
  if (!isLogLevel(logLevel)) throw new Error(`invalid log level: ${logLevel} (debug, info, warn, error)`);
  const catalogSync = flags.catalogSync ?? env.STRATA_CATALOG_SYNC ?? 'full';
  if (catalogSync !== 'full' && catalogSync !== 'normal') {
    throw new Error(`invalid catalog sync mode: ${catalogSync} (full, normal)`);
  }
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
    catalogSync,
  };
}
