import { FlagError, parseFlags, type FlagSpec } from '../cli/flags.js';
import { flagUsages } from '../cli/help.js';
import { resolveDaemonConfig } from './config.js';
import { startDaemon } from './daemon.js';
import { createLogger } from './logger.js';

const flags: FlagSpec[] = [
  {
    name: 'host',
    short: 'H',
    kind: 'list',
    typeName: 'list',
    usage: 'Daemon socket to listen on (unix:///path)',
  },
  { name: 'data-root', kind: 'string', typeName: 'string', usage: 'Root of the catalog and volume data' },
  {
    name: 'log-level',
    short: 'l',
    kind: 'string',
    typeName: 'string',
    usage: 'Log level (debug, info, warn, error)',
  },
  {
    name: 'durability',
    kind: 'string',
    typeName: 'string',
    usage:
      'What an acknowledged write survives: crash (a daemon crash or kill -9) or power (a power cut too)',
    defaultValue: 'crash',
  },
  {
    name: 'volume-backend',
    kind: 'string',
    typeName: 'string',
    usage:
      'Storage of local volumes that name no backend: dir, btrfs (a subvolume each) or image (an ext4 image each)',
    defaultValue: 'dir',
  },
  {
    name: 'btrfs-pool-size',
    kind: 'string',
    typeName: 'bytes',
    usage: 'Size of the sparse btrfs pool image made when the data root is not on btrfs',
    defaultValue: '64GiB',
  },
  {
    name: 'image-default-size',
    kind: 'string',
    typeName: 'bytes',
    usage: 'Size of an image-backed volume created without -o size',
    defaultValue: '10GiB',
  },
];

const usage = `Usage:  strata daemon [OPTIONS]\n\nRun the Strata daemon in the foreground\n\nOptions:\n${flagUsages(flags, 79).trimEnd()}\n`;

/** `strata daemon`: runs in the foreground until SIGTERM or SIGINT. */
export async function main(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseFlags(flags, argv);
  } catch (err) {
    if (!(err instanceof FlagError)) throw err;
    process.stderr.write(`${err.message}\n\n${usage}`);
    process.exit(125);
  }
  if (parsed.help) {
    process.stdout.write(usage);
    return;
  }
  if (parsed.positionals.length > 0) {
    process.stderr.write(`strata: 'strata daemon' accepts no arguments\n\n${usage}`);
    process.exit(125);
  }
  let config;
  try {
    const f = parsed.flags;
    config = resolveDaemonConfig({
      host: f.list('host'),
      ...(f.changed.has('data-root') ? { dataRoot: f.string('data-root') } : {}),
      ...(f.changed.has('log-level') ? { logLevel: f.string('log-level') } : {}),
      ...(f.changed.has('durability') ? { durability: f.string('durability') } : {}),
      ...(f.changed.has('volume-backend') ? { volumeBackend: f.string('volume-backend') } : {}),
      ...(f.changed.has('btrfs-pool-size') ? { btrfsPoolSize: f.string('btrfs-pool-size') } : {}),
      ...(f.changed.has('image-default-size') ? { imageDefaultSize: f.string('image-default-size') } : {}),
    });
  } catch (err) {
    process.stderr.write(`strata daemon: ${(err as Error).message}\n`);
    process.exit(125);
  }
  const log = createLogger(config.logLevel);
  let daemon;
  try {
    daemon = await startDaemon(config, log);
  } catch (err) {
    log('error', 'failed to start daemon', { err: (err as Error).message });
    process.exit(1);
  }
  const shutdown = (signal: string): void => {
    log('info', 'signal received', { signal });
    daemon.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log('error', 'shutdown failed', { err: String(err) });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}
