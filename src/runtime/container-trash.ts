import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { messageOf } from '../errors/index.js';
import type { ContainerDir } from './container-dir.js';
import { mountsAtOrBelow } from './mount-table.js';
import type { RuntimeLogger } from './runtime-logger.js';

/**
 * Under the runtime root, where removed container directories wait to be deleted (a name that is no
 * container id, so recover() passes over it).
 */
const TRASH_DIR = '.removed';

/**
 * Removed container directories, deleted in the background so that a remove answers at once.
 * Deletions run one after another; drained() resolves when those queued so far are done.
 */
export class ContainerTrash {
  /** Deletion of removed container directories, in the background. */
  private purging: Promise<void> = Promise.resolve();

  constructor(
    /** The runtime root (`<data-root>/containers`). */
    private readonly root: string,
    private readonly log: RuntimeLogger,
  ) {}

  /**
   * Deletes a removed container's directory (nothing is mounted in it any more): renamed out of the
   * way at once, so the id is gone, and deleted in the background. What a crash leaves in the trash
   * is deleted by the next recover() (purgeLeftovers).
   */
  discard(d: ContainerDir): void {
    const trash = join(this.root, TRASH_DIR);
    const doomed = join(trash, `${d.id}-${randomBytes(6).toString('hex')}`);
    try {
      mkdirSync(trash, { recursive: true, mode: 0o700 });
      renameSync(d.dir, doomed);
    } catch {
      rmSync(d.dir, { recursive: true, force: true });
      return;
    }
    this.purge(doomed);
  }

  /** Deletes what removes cut short by a crash left in the trash. */
  purgeLeftovers(): void {
    const trash = join(this.root, TRASH_DIR);
    let entries: string[];
    try {
      entries = readdirSync(trash);
    } catch {
      return;
    }
    for (const e of entries) this.purge(join(trash, e));
  }

  /** Resolves when the deletions queued so far are done (they never reject). */
  drained(): Promise<void> {
    return this.purging;
  }

  private purge(dir: string): void {
    this.purging = this.purging
      .then(async () => {
        // Never delete through a mount point: that would delete what is not the container's.
        const left = mountsAtOrBelow(dir);
        if (left.length > 0) {
          this.log('warn', 'not deleting a removed container directory that has mounts', {
            dir,
            mounts: left,
          });
          return;
        }
        await rm(dir, { recursive: true, force: true });
      })
      .catch((err: unknown) =>
        this.log('warn', 'could not delete a removed container directory', { dir, err: messageOf(err) }),
      );
  }
}
