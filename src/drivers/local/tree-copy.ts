import { join } from 'node:path';
import { systemError } from '../../errors/index.js';
import { CommandError, runCommand } from './backends/run-command.js';

/**
 * Makes `to` (which must not exist) a copy of the directory tree `from`, the data step of clone,
 * snapshot and restore. A storage backend with a cheaper primitive (a btrfs snapshot) supplies its
 * own; every implementation keeps what `copyTree` keeps.
 */
export type TreeCopier = (from: string, to: string) => Promise<void>;

/**
 * Fills `target`, an empty directory, with a copy of the storage of the volume (or snapshot) whose
 * directory is `source`: its `_data`, and whatever a storage backend keeps beside it (an image
 * file), never its snapshots or options. The local driver supplies one per volume's backend.
 */
export type StorageCopier = (source: string, target: string) => Promise<void>;

/** The `dir` backend's storage copier: `_data` by `copy`. */
export function dataDirCopier(copy: TreeCopier): StorageCopier {
  return (source, target) => copy(join(source, '_data'), join(target, '_data'));
}

/**
 * GNU cp as the faithful copy: `-a` keeps modes, owners, times, xattrs, symlinks, hardlinks (within
 * the tree), FIFOs and device nodes; `--sparse=always` keeps holes; `--reflink=auto` shares extents
 * where the filesystem can (btrfs, XFS) and copies elsewhere. `-T` copies the directory itself (its
 * own mode, owner, times and xattrs) to `to`. With `durable`, `to`'s filesystem is synced before the
 * promise resolves, so a rename that publishes the copy afterwards never publishes unwritten data.
 */
export function copyTree(from: string, to: string, opts: { durable?: boolean } = {}): Promise<void> {
  return run(['cp', '-a', '--reflink=auto', '--sparse=always', '-T', '--', from, to]).then(() =>
    opts.durable ? run(['sync', '-f', '--', to]) : undefined,
  );
}

/**
 * Runs a command that dies with the daemon (util-linux setpriv's parent-death signal): a copy left
 * running by a killed daemon would go on writing into what the next start-up cleans. No time limit:
 * a copy takes as long as the data needs.
 */
async function run(argv: string[]): Promise<void> {
  try {
    await runCommand('setpriv', ['--pdeathsig', 'KILL', '--', ...argv], 0);
  } catch (err) {
    const text = err instanceof CommandError ? err.stderr.trim() || err.message : String(err);
    throw systemError(`copying volume data: ${text}`, err);
  }
}
