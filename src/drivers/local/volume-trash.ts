import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { mountsAtOrBelow } from './mount-table.js';

export interface VolumeTrashOptions {
  /** A directory on the volumes' filesystem, so that parking a volume is one rename(2). */
  dir: string;
  log: (msg: string, fields: Record<string, unknown>) => void;
  /** Run on each entry left from an earlier run before it is deleted (a backend's release). */
  settle?: (dir: string) => Promise<void>;
}

/**
 * Where removed volumes wait to be deleted: a remove renames the volume's directory here (its commit
 * point) and the bytes are deleted in the background, so a large volume does not hold the answer.
 * Start-up deletes whatever an interrupted remove (or a staged copy) left.
 */
export class VolumeTrash {
  private purging: Promise<void> = Promise.resolve();

  constructor(private readonly o: VolumeTrashOptions) {}

  get dir(): string {
    return this.o.dir;
  }

  /** A fresh place in the trash. Random: `<name>-suffix` could exceed 255 bytes for a long name. */
  place(): string {
    return join(this.o.dir, randomBytes(12).toString('hex'));
  }

  /** Deletes everything in the trash (start-up). */
  async empty(): Promise<void> {
    await Promise.all(
      readdirSync(this.o.dir).map(async (e) => {
        const entry = join(this.o.dir, e);
        await this.o.settle?.(entry).catch(() => undefined);
        await rm(entry, { recursive: true, force: true });
      }),
    );
  }

  /** Deletes a parked tree in the background. */
  purge(dir: string): void {
    this.purging = this.purging.then(() => this.deleteTree(dir)).catch(() => undefined);
  }

  /** Resolves when every background deletion queued so far has finished. */
  async drained(): Promise<void> {
    await this.purging;
  }

  /**
   * Deletes a tree unless something is mounted in it: deleting through a mount point would destroy
   * data that is not the volume's (a bind or FUSE source someone mounted inside). Such a tree stays
   * where it is, and start-up tries again.
   */
  async deleteTree(dir: string): Promise<void> {
    const inside = mountsAtOrBelow(dir);
    if (inside.length > 0) {
      this.o.log('not deleting a removed volume while something is mounted in it', { dir, mounts: inside });
      return;
    }
    await rm(dir, { recursive: true, force: true });
  }
}
