import { chmodSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import {
  EngineError,
  conflict,
  goPathError,
  invalidParameter,
  messages,
  notFound,
  systemError,
} from '../../errors/index.js';
import type { DriverCapabilities, DriverVolume, VolumeDriver } from '../volume-driver.js';
import { DirPool } from './dir-pool.js';
import { needsMount, parseLocalOptions } from './local-options.js';
import { SystemMounter, type Mounter } from './mounter.js';
import { validateLocalVolumeName } from './volume-name.js';
import {
  BackendSet,
  btrfsDirBeside,
  defaultBtrfsPoolSize,
  defaultImageSize,
} from './backends/backend-set.js';
import { removeStaging } from './backends/backend-create.js';
import { imagePath } from './backends/image-backend.js';
import type { BackendName } from './backends/storage-backend.js';
import type { LocalVolume } from './local-volume.js';
import { applyRootOwner, ctimeSeconds, fsyncPath } from './volume-files.js';
import { VolumeStorage } from './volume-storage.js';
import { createDirVolume } from './dir-volume-create.js';
import { scanVolumes } from './volume-scan.js';
import { VolumeTrash } from './volume-trash.js';
import { LocalSnapshots, snapshotDirs, type SnapshotVolume } from './snapshot-store.js';
import { copyTree, dataDirCopier } from './tree-copy.js';
import { cloneVolumeDir } from './volume-copy.js';

export interface LocalDriverOptions {
  /** `<data-root>/volumes`: one directory per volume, Docker's layout. */
  root: string;
  /** Where ready-made volume directories wait (same filesystem as `root`); none when absent. */
  pool?: string;
  /** fsync the directories a create or remove changed, so the change survives a power cut. */
  syncDirectories?: boolean;
  /** A directory on the same filesystem where removed volumes wait to be deleted. */
  trash: string;
  mounter?: Mounter;
  log?: (level: 'warn', msg: string, fields: Record<string, unknown>) => void;
  /** The backend of volumes that name none (`dir` unless given). */
  defaultBackend?: BackendName;
  /** The btrfs pool's image and mount point when `root` is not on btrfs; `<root>/../btrfs` unless given. */
  btrfsDir?: string;
  /** Size of the btrfs pool image Strata makes (sparse); 64 GiB unless given. */
  btrfsPoolSize?: number;
  /** Size of an `image` volume created without `size`; 10 GiB unless given. */
  imageDefaultSize?: number;
}

/**
 * The built-in `local` driver: `<root>/<name>/_data` on the host filesystem, optionally with a
 * filesystem mounted on `_data` (`type`/`device`/`o`: tmpfs, bind, any mount(8) type incl. FUSE).
 */
export class LocalDriver implements VolumeDriver {
  readonly name = 'local';
  private readonly root: string;
  private readonly trash: string;
  private readonly mounter: Mounter;
  private readonly volumes = new Map<string, LocalVolume>();
  private readonly log: NonNullable<LocalDriverOptions['log']>;
  private readonly bin: VolumeTrash;
  private readonly pool: DirPool | undefined;
  private readonly syncDirectories: boolean;
  /** Snapshots beside each volume (snapshot-store.ts); removed and renamed with it. */
  readonly snapshots: LocalSnapshots;
  /** Where volumes' bytes live (backends/): `dir`, `btrfs`, `image`. */
  readonly backends: BackendSet;
  private readonly defaultBackend: BackendName;
  private readonly storage: VolumeStorage;

  constructor(options: LocalDriverOptions) {
    this.root = options.root;
    this.trash = options.trash;
    this.mounter = options.mounter ?? new SystemMounter();
    this.log = options.log ?? (() => undefined);
    this.pool = options.pool === undefined ? undefined : new DirPool(options.pool);
    this.syncDirectories = options.syncDirectories ?? false;
    this.defaultBackend = options.defaultBackend ?? 'dir';
    this.backends = new BackendSet({
      volumesRoot: this.root,
      btrfsDir: options.btrfsDir ?? btrfsDirBeside(this.root),
      btrfsPoolSizeBytes: options.btrfsPoolSize ?? defaultBtrfsPoolSize,
      imageDefaultSizeBytes: options.imageDefaultSize ?? defaultImageSize,
      log: (msg, fields) => this.log('warn', msg, fields),
    });
    this.bin = new VolumeTrash({
      dir: this.trash,
      log: (msg, fields) => this.log('warn', msg, fields),
      // A remove cut short before its backend released the image's loop device.
      settle: async (dir) => {
        if (existsSync(imagePath(dir))) await this.backends.image.destroy({ dir, sizeBytes: 0 });
      },
    });
    this.storage = new VolumeStorage({
      root: this.root,
      backends: this.backends,
      defaultBackend: this.defaultBackend,
      durable: this.syncDirectories,
      log: (msg, fields) => this.log('warn', msg, fields),
    });
    this.snapshots = new LocalSnapshots({
      durable: this.syncDirectories,
      locate: (name) => {
        const vol = this.volumes.get(name);
        return vol && { ...this.copySource(vol), busy: vol.mountIds.size > 0 || vol.mounted };
      },
    });
  }

  /**
   * Deletes what interrupted removes and creates left (trash, staging), loads every volume under the
   * root (volume-scan.ts), and lets the backends settle (volume-storage.ts `recover`).
   */
  async init(): Promise<void> {
    mkdirSync(this.root, { recursive: true, mode: 0o701 });
    chmodSync(this.root, 0o701);
    mkdirSync(this.trash, { recursive: true, mode: 0o700 });
    this.pool?.init();
    await this.bin.empty();
    await removeStaging(this.root);
    for (const vol of scanVolumes(this.root)) this.volumes.set(vol.name, vol);
    await this.storage.recover([...this.volumes.values()]);
  }

  capabilities(): DriverCapabilities {
    return { scope: 'local' };
  }

  async create(name: string, options: Readonly<Record<string, string>> | null): Promise<DriverVolume> {
    validateLocalVolumeName(name);
    const parsed = parseLocalOptions(options, { defaultBackend: this.defaultBackend });
    const existing = this.volumes.get(name);
    if (existing) return this.view(existing);
    if (parsed?.backend !== undefined) {
      const made = await this.storage.create(name, parsed);
      if (this.syncDirectories) fsyncPath(this.root);
      this.volumes.set(name, made);
      return this.view(made);
    }

    const vol = createDirVolume({ root: this.root, name, pool: this.pool, given: options, parsed });
    if (this.syncDirectories) fsyncPath(this.root);
    this.volumes.set(name, vol);
    return this.view(vol);
  }

  get(name: string): DriverVolume | undefined {
    const vol = this.volumes.get(name);
    return vol === undefined ? undefined : this.view(vol);
  }

  list(): DriverVolume[] {
    return [...this.volumes.values()].map((v) => this.view(v));
  }

  path(name: string): string {
    return join(this.root, name, '_data');
  }

  /**
   * Removes the volume from disk in one step, renaming it into the trash; the bytes are deleted in
   * the background (see `purge`), so a large volume does not hold the answer.
   */
  async remove(name: string): Promise<void> {
    const vol = this.volumes.get(name);
    if (!vol) return;
    if (vol.mountIds.size > 0) throw systemError(messages.activeMounts);
    if (vol.mounted) {
      await this.mounter.unmount(vol.data);
      vol.mounted = false;
    }
    const parked = this.bin.place();
    try {
      renameSync(vol.dir, parked);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        this.volumes.delete(name);
        return;
      }
      if (code !== 'EXDEV') throw systemError(goPathError('rename', vol.dir, err), err);
      // The trash is on another filesystem: delete in place, in the request.
      this.volumes.delete(name);
      for (const d of [vol.dir, ...snapshotDirs(vol.dir)]) await this.storage.release(vol, d);
      await this.bin.deleteTree(vol.dir);
      return;
    }
    this.volumes.delete(name);
    if (this.syncDirectories) fsyncPath(this.root);
    for (const d of [parked, ...snapshotDirs(parked)]) await this.storage.release(vol, d);
    this.bin.purge(parked);
  }

  /**
   * Moves `<root>/<from>` to `<root>/<to>` with one rename(2), so a crash leaves exactly one of the two
   * directories (`_data` and `opts.json` inside move with it). With `syncDirectories` the root is
   * fsynced before returning, so the caller may commit its catalog change only after the move is
   * durable. A volume with a filesystem mounted on `_data` is refused: the mount would stay at the
   * old path.
   */
  async rename(from: string, to: string): Promise<DriverVolume> {
    validateLocalVolumeName(to);
    const vol = this.volumes.get(from);
    if (!vol) throw notFound(messages.noSuchVolume);
    if (this.volumes.has(to)) throw conflict(messages.volumeExists(to));
    if (vol.mountIds.size > 0 || vol.mounted) throw conflict(messages.activeMounts);
    const dir = join(this.root, to);
    try {
      renameSync(vol.dir, dir);
    } catch (err) {
      throw systemError(goPathError('rename', vol.dir, err), err);
    }
    const moved: LocalVolume = { ...vol, name: to, dir, data: join(dir, '_data') };
    this.volumes.delete(from);
    this.volumes.set(to, moved);
    try {
      if (this.syncDirectories) fsyncPath(this.root);
    } catch (err) {
      // The move has happened: failing now would tell the caller it had not.
      this.log('warn', 'could not fsync the volumes root after a rename', { name: to, err: String(err) });
    }
    return this.view(moved);
  }

  /**
   * Makes `target` a copy of `source`'s storage and options, staged in the trash (which start-up
   * empties) and published by one rename(2) (see volume-copy.ts). The source may be in use.
   */
  async clone(source: string, target: string): Promise<DriverVolume> {
    validateLocalVolumeName(target);
    const vol = this.volumes.get(source);
    if (!vol) throw notFound(messages.noSuchVolume);
    if (this.volumes.has(target)) throw conflict(messages.volumeExists(target));
    const from = this.copySource(vol);
    if (from.refusal !== undefined) throw invalidParameter(from.refusal);
    const dir = join(this.root, target);
    await cloneVolumeDir({
      source: vol.dir,
      target: dir,
      staging: this.trash,
      copy: from.copy,
      ...(from.release ? { release: from.release } : {}),
      durable: this.syncDirectories,
    });
    if (this.syncDirectories) fsyncPath(this.root);
    const made: LocalVolume = {
      ...vol,
      name: target,
      dir,
      data: join(dir, '_data'),
      createdAt: ctimeSeconds(dir),
      mountIds: new Map(),
      mounted: false,
    };
    this.volumes.set(target, made);
    return this.view(made);
  }

  /**
   * How a volume's storage is copied, measured and released in a directory of its copies (a
   * snapshot: the volume's record pointed there), or why it cannot be (a filesystem its options mount).
   */
  private copySource(vol: LocalVolume): Omit<SnapshotVolume, 'busy'> {
    const backendCopy = this.storage.copier(vol);
    const at = (dir: string): LocalVolume => ({ ...vol, dir, data: join(dir, '_data'), mounted: false });
    const source: Omit<SnapshotVolume, 'busy'> = backendCopy
      ? {
          dir: vol.dir,
          copy: backendCopy,
          measure: (dir) => this.storage.usage(at(dir)),
          release: (dir) => this.storage.release(vol, dir),
        }
      : {
          dir: vol.dir,
          copy: dataDirCopier((from, to) => copyTree(from, to, { durable: this.syncDirectories })),
        };
    const type = vol.options?.mountType ?? '';
    return type === '' ? source : { ...source, refusal: messages.dataNotKept(vol.name, type) };
  }

  /** Resolves when every background deletion queued so far has finished. */
  async drained(): Promise<void> {
    await this.bin.drained();
    await this.snapshots.drained();
    await this.pool?.drained();
  }

  /** Stops the background work (pool refills) and waits for what is in flight. */
  async close(): Promise<void> {
    await this.pool?.close();
    await this.drained();
  }

  async mount(name: string, id: string): Promise<string> {
    const vol = this.volumes.get(name);
    if (!vol) throw new EngineError('not-found', messages.noSuchVolume);
    const source = this.storage.mountSource(vol);
    if (source !== undefined && !vol.mounted) {
      try {
        await this.mounter.mount(source, vol.data);
      } catch (err) {
        throw systemError(`failed to mount local volume: ${(err as Error).message}`, err);
      }
      // A backend's storage got the owner once, at create; a filesystem the options mount, each time.
      if (needsMount(vol.options) && vol.options.owner) {
        // Each fresh mount (a new tmpfs, say) gets the owner; one that refuses it is not used.
        try {
          applyRootOwner(vol.data, vol.options.owner);
        } catch (err) {
          await this.mounter.unmount(vol.data).catch(() => undefined);
          throw systemError(
            `failed to mount local volume: applying uid/gid/mode: ${(err as Error).message}`,
            err,
          );
        }
      }
      vol.mounted = true;
    }
    vol.mountIds.set(id, (vol.mountIds.get(id) ?? 0) + 1);
    return vol.data;
  }

  async unmount(name: string, id: string): Promise<void> {
    const vol = this.volumes.get(name);
    if (!vol) return;
    const count = vol.mountIds.get(id);
    if (count === undefined) return;
    if (count > 1) vol.mountIds.set(id, count - 1);
    else vol.mountIds.delete(id);
    if (vol.mountIds.size === 0 && vol.mounted) {
      await this.mounter.unmount(vol.data);
      vol.mounted = false;
    }
  }

  async unmountIdle(): Promise<string[]> {
    const released: string[] = [];
    for (const vol of this.volumes.values()) {
      if (!vol.mounted || vol.mountIds.size > 0) continue;
      try {
        await this.mounter.unmount(vol.data);
        vol.mounted = false;
        released.push(vol.name);
      } catch (err) {
        this.log('warn', 'could not unmount an idle volume', { name: vol.name, err: String(err) });
      }
    }
    return released;
  }

  /** Active mount ids of a volume (for tests and diagnostics). */
  mountIds(name: string): string[] {
    return [...(this.volumes.get(name)?.mountIds.keys() ?? [])];
  }

  /** Docker's count: a walk of the files (volume-storage.ts says where, for a backend's volume). */
  async usage(name: string): Promise<number | undefined> {
    const vol = this.volumes.get(name);
    return vol === undefined ? undefined : this.storage.usage(vol);
  }

  /**
   * What the backend's own accounting says the volume uses, without walking its files: btrfs qgroup
   * referenced bytes, an image's used blocks. Undefined for `dir` volumes (and those mounting a
   * filesystem given by their options): only a walk can tell.
   */
  async accountedUsage(name: string): Promise<number | undefined> {
    const vol = this.volumes.get(name);
    return vol === undefined ? undefined : this.storage.accountedUsage(vol);
  }

  /** The backend a volume's bytes live on (`dir` for Docker's plain volumes). */
  backendOf(name: string): BackendName | undefined {
    const vol = this.volumes.get(name);
    return vol === undefined ? undefined : this.storage.backendOf(vol);
  }

  /**
   * What the driver says of a volume. A volume on a backend other than `dir` tells it in `Status`
   * (shown by inspect: `{"Backend": "image", "SizeLimit": bytes}`); Docker's plain volumes have none.
   */
  private view(vol: LocalVolume): DriverVolume {
    const out: DriverVolume = { name: vol.name, mountpoint: vol.data, createdAt: vol.createdAt };
    const backend = this.storage.backendOf(vol);
    if (backend === 'dir') return out;
    const limit = vol.options?.quotaSize ?? 0;
    return { ...out, status: { Backend: backend, ...(limit > 0 ? { SizeLimit: limit } : {}) } };
  }
}
