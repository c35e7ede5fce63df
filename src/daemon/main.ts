import { Command, Option } from 'commander';
import { resolveDaemonConfig, type DaemonFlags } from './config.js';
import { startDaemon } from './daemon.js';
import { createLogger } from './logger.js';

/** `strata daemon`: runs in the foreground until SIGTERM or SIGINT. */
export async function main(argv: string[]): Promise<void> {
  const program = new Command('strata daemon')
    .description('Run the Strata daemon in the foreground')
    .addOption(new Option('-H, --host <address...>', 'daemon socket to listen on (unix:///path)'))
    .addOption(new Option('--data-root <dir>', 'root of the catalog and volume data'))
    .addOption(new Option('--log-level <level>', 'debug, info, warn or error'))
    .addOption(new Option('--catalog-sync <mode>', 'full (power-cut safe, default) or normal (crash safe)'))
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 125))
    .parse(argv, { from: 'user' });
  const flags = program.opts<DaemonFlags>();
  let config;
  try {
    config = resolveDaemonConfig(flags);
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
