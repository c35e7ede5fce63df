import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalMountOptions } from '../local-options.js';
import { applyRootOwner } from '../volume-files.js';
import { runCommand } from './run-command.js';
import type { BackendVolume, NewBackendVolume, StorageBackend } from './storage-backend.js';

/**
 * `dir`: Docker's plain directory, `_data` on the volumes' filesystem. No limit, no accounting (sizes
 * come from a walk of the files). The local driver makes new `dir` volumes itself (from its pool of
 * ready directories, byte-for-byte as Docker does); this class serves copies and the interface.
 */
export class DirBackend implements StorageBackend {
  readonly name = 'dir' as const;
  readonly limitsSize = false;

  async create(target: NewBackendVolume): Promise<BackendVolume> {
    const data = join(target.dir, '_data');
    mkdirSync(data, { mode: 0o755 });
    if (target.owner) applyRootOwner(data, target.owner);
    return { dir: target.dir, sizeBytes: 0 };
  }

  mountSource(): LocalMountOptions | undefined {
    return undefined;
  }

  async destroy(): Promise<void> {
    // a recursive delete of the directory is all there is
  }

  async recover(): Promise<void> {
    // nothing lives outside the volumes' directories
  }

  async accountedUsage(): Promise<number | undefined> {
    return undefined;
  }

  readablePath(vol: BackendVolume): string {
    return join(vol.dir, '_data');
  }

  /** `cp -a` of the data (reflinks where the filesystem has them), the root's owner and mode included. */
  async copy(source: BackendVolume, target: NewBackendVolume): Promise<BackendVolume> {
    const made = await this.create({ dir: target.dir, sizeBytes: 0 });
    await runCommand(
      'cp',
      ['-a', '--reflink=auto', '--', `${join(source.dir, '_data')}/.`, `${join(target.dir, '_data')}/`],
      0,
    );
    return made;
  }
}
