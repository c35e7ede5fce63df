import {
  closeSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readSync,
  rmSync,
  statSync,
  statfsSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { invalidParameter } from '../../../errors/index.js';
import type { LocalMountOptions, RootOwner } from '../local-options.js';
import { detachLoopDevices } from './loop-device.js';
import { runCommand } from './run-command.js';
import type { BackendVolume, NewBackendVolume, StorageBackend } from './storage-backend.js';

/** The image's name inside `<root>/<name>/`, beside `_data` and opts.json. */
export const imageFileName = 'volume.ext4';

export interface ImageBackendOptions {
  /** The size of an image whose volume asked for none. */
  defaultSizeBytes: number;
}

/**
 * `image`: one sparse ext4 image per volume (`<root>/<name>/volume.ext4`), loop-mounted on `_data`
 * while the volume is in use. The image's size is the limit: a write past it fails with ENOSPC.
 *
 * The image is made with `mkfs.ext4 -m 0` (no blocks reserved for root: the size is what a container
 * gets) straight on the file; mkfs punches the file's holes itself and knows they read back as zeros,
 * so no inode table or journal is zeroed, at create or later by the kernel's lazy init. `lost+found`
 * is removed (with debugfs, without mounting): an empty volume must look empty to copy-up.
 */
export class ImageBackend implements StorageBackend {
  readonly name = 'image' as const;
  readonly limitsSize = true;

  constructor(private readonly options: ImageBackendOptions) {}

  async create(target: NewBackendVolume): Promise<BackendVolume> {
    const size = target.sizeBytes > 0 ? target.sizeBytes : this.options.defaultSizeBytes;
    const image = imagePath(target.dir);
    mkdirSync(join(target.dir, '_data'), { mode: 0o755 });
    makeSparseFile(image, size);
    const owner = target.owner;
    const rootOwner =
      owner?.uid !== undefined || owner?.gid !== undefined
        ? ['-E', `root_owner=${owner.uid ?? 0}:${owner.gid ?? 0}`]
        : [];
    // `-T default`: 4 KiB blocks and the usual inode ratio even for a small image (mke2fs's `small`
    // type would spend a tenth of a 64 MiB image on 1 KiB-block metadata).
    await runCommand('mkfs.ext4', ['-q', '-F', '-m', '0', '-T', 'default', ...rootOwner, image]);
    await editRoot(target.dir, image, owner);
    return { dir: target.dir, sizeBytes: size };
  }

  mountSource(vol: BackendVolume): LocalMountOptions {
    return { mountType: 'ext4', mountOpts: 'loop', mountDevice: imagePath(vol.dir), quotaSize: 0 };
  }

  async destroy(vol: BackendVolume): Promise<void> {
    await detachLoopDevices(imagePath(vol.dir));
  }

  async recover(): Promise<void> {
    // Nothing outside the volumes' directories: a mounted image keeps its loop device (the driver
    // finds the mount), and mount(8)'s autoclear frees the device of one that is unmounted.
  }

  async accountedUsage(vol: BackendVolume, mounted: boolean): Promise<number | undefined> {
    if (mounted) {
      const s = statfsSync(join(vol.dir, '_data'));
      return (s.blocks - s.bfree) * s.bsize;
    }
    return usedBytesFromSuperblock(imagePath(vol.dir));
  }

  readablePath(vol: BackendVolume, mounted: boolean): string | undefined {
    return mounted ? join(vol.dir, '_data') : undefined;
  }

  /**
   * Copies the image file (reflinked where the filesystem can, holes kept). An image in use is frozen
   * (fsfreeze) for the copy, so the copy is a consistent filesystem; writers wait meanwhile. A larger
   * `target.sizeBytes` grows the copy (resize2fs); a smaller one is refused.
   */
  async copy(source: BackendVolume, target: NewBackendVolume, mounted: boolean): Promise<BackendVolume> {
    const from = imagePath(source.dir);
    const to = imagePath(target.dir);
    mkdirSync(join(target.dir, '_data'), { mode: 0o755 });
    const data = join(source.dir, '_data');
    if (mounted) await runCommand('fsfreeze', ['--freeze', data]);
    try {
      await runCommand('cp', ['--sparse=always', '--reflink=auto', '--', from, to]);
    } finally {
      if (mounted) await runCommand('fsfreeze', ['--unfreeze', data]);
    }
    const current = statSize(to);
    if (target.sizeBytes > 0 && target.sizeBytes !== current) {
      if (target.sizeBytes < current) {
        rmSync(to, { force: true });
        throw invalidParameter(`an image copy cannot be smaller than its source (${current} bytes)`);
      }
      makeSparseFile(to, target.sizeBytes, false);
      await runCommand('e2fsck', ['-f', '-p', to]);
      await runCommand('resize2fs', ['-f', to]);
    }
    return { dir: target.dir, sizeBytes: statSize(to) };
  }
}

export function imagePath(dir: string): string {
  return join(dir, imageFileName);
}

/** A file of `size` bytes that holds no blocks yet. */
function makeSparseFile(path: string, size: number, exclusive = true): void {
  const fd = openSync(path, exclusive ? 'wx' : 'r+', 0o600);
  try {
    ftruncateSync(fd, size);
  } finally {
    closeSync(fd);
  }
}

function statSize(path: string): number {
  return statSync(path).size;
}

/**
 * Removes `lost+found` and sets the root's mode, straight in the unmounted image (debugfs). mkfs has
 * already set the owner. debugfs exits 0 whatever happens, so its complaints are read from stderr.
 */
async function editRoot(dir: string, image: string, owner: RootOwner | undefined): Promise<void> {
  const requests = ['rmdir lost+found'];
  if (owner?.mode !== undefined)
    requests.push(`set_inode_field / mode 0${(0o40000 | owner.mode).toString(8)}`);
  const script = join(dir, '.debugfs');
  writeFileSync(script, `${requests.join('\n')}\n`);
  try {
    const { stderr } = await runCommand('debugfs', ['-w', '-f', script, image]);
    const complaints = stderr.split('\n').filter((l) => l.trim() !== '' && !/^debugfs( \d|: )/.test(l));
    if (complaints.length > 0) throw new Error(`debugfs: ${complaints.join('; ')}`);
  } finally {
    rmSync(script, { force: true });
  }
}

/**
 * Used bytes of an unmounted ext4 image, from its superblock (offset 1024): block count minus free
 * blocks minus the filesystem's own overhead, times the block size — what statfs reports once mounted.
 * One 1 KiB read, no mkfs tools. The free count is the one written at the last unmount or commit.
 */
export function usedBytesFromSuperblock(image: string): number | undefined {
  const sb = Buffer.alloc(1024);
  const fd = openSync(image, 'r');
  try {
    if (readSync(fd, sb, 0, 1024, 1024) < 1024) return undefined;
  } finally {
    closeSync(fd);
  }
  if (sb.readUInt16LE(0x38) !== 0xef53) return undefined;
  const is64 = (sb.readUInt32LE(0x60) & 0x80) !== 0;
  const blockSize = 1024 * 2 ** sb.readUInt32LE(0x18);
  const blocks = sb.readUInt32LE(0x04) + (is64 ? sb.readUInt32LE(0x150) * 2 ** 32 : 0);
  const free = sb.readUInt32LE(0x0c) + (is64 ? sb.readUInt32LE(0x158) * 2 ** 32 : 0);
  const overhead = sb.readUInt32LE(0x248);
  return Math.max(0, blocks - free - overhead) * blockSize;
}
