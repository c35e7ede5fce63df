import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  closeSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  rmdirSync,
  statSync,
  writeSync,
} from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { EngineError, conflict, goPathError, messages, notFound, systemError } from '../../errors/index.js';
import type { DriverCapabilities, DriverVolume, VolumeDriver } from '../volume-driver.js';
import { DirPool } from './dir-pool.js';
import { directorySize } from './disk-usage.js';
import {
  fromOptsJson,
  needsMount,
  parseLocalOptions,
  toOptsJson,
  type LocalMountOptions,
  type RootOwner,
} from './local-options.js';
import { mountsAtOrBelow, readMountPoints } from './mount-table.js';
import { SystemMounter, type Mounter } from './mounter.js';
import { isLocalVolumeName, validateLocalVolumeName } from './volume-name.js';

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
}

interface LocalVolume {
  name: string;
  /** `<root>/<name>` */
  dir: string;
  /** `<root>/<name>/_data` */
  data: string;
  options: LocalMountOptions | null;
  createdAt: number;
  /** Mount ids → how many times each mounted. */
  mountIds: Map<string, number>;
  /** Whether `data` currently has the volume's filesystem mounted on it. */
  mounted: boolean;
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
  private purging: Promise<void> = Promise.resolve();
  private readonly pool: DirPool | undefined;
  private readonly syncDirectories: boolean;

  constructor(options: LocalDriverOptions) {
    this.root = options.root;
    this.trash = options.trash;
    this.mounter = options.mounter ?? new SystemMounter();
    this.log = options.log ?? (() => undefined);
    this.pool = options.pool === undefined ? undefined : new DirPool(options.pool);
    this.syncDirectories = options.syncDirectories ?? false;
  }

  /**
   * Loads every volume directory under the root (those holding `_data` or `opts.json`; an empty one is
   * what a create interrupted between its two mkdirs leaves, and is removed), notes which
   * are still mounted from an earlier run (kept mounted, as Docker v23+ does, and reused by the next
   * mount), and deletes what an interrupted remove left in the trash.
   */
  async init(): Promise<void> {
    mkdirSync(this.root, { recursive: true, mode: 0o701 });
    chmodSync(this.root, 0o701);
    mkdirSync(this.trash, { recursive: true, mode: 0o700 });
    this.pool?.init();
    await Promise.all(
      readdirSync(this.trash).map((e) => rm(join(this.trash, e), { recursive: true, force: true })),
    );
    const mounted = new Set(readMountPoints());
    for (const entry of readdirSync(this.root, { withFileTypes: true })) {
      if (!entry.isDirectory() || !isLocalVolumeName(entry.name)) continue;
      const dir = join(this.root, entry.name);
      const data = join(dir, '_data');
      const optsFile = join(dir, 'opts.json');
      const hasOpts = existsSync(optsFile);
      if (!existsSync(data) && !hasOpts) {
        // A create cut short between its two mkdirs: never acknowledged, and nothing in it.
        if (readdirSync(dir).length === 0) rmdirSync(dir);
        continue;
      }
      const options = hasOpts ? fromOptsJson(readFileSync(optsFile, 'utf8')) : null;
      this.volumes.set(entry.name, {
        name: entry.name,
        dir,
        data,
        options,
        createdAt: ctimeSeconds(dir),
        mountIds: new Map(),
        mounted: mounted.has(data),
      });
    }
  }

  capabilities(): DriverCapabilities {
    return { scope: 'local' };
  }

  async create(name: string, options: Readonly<Record<string, string>> | null): Promise<DriverVolume> {
    validateLocalVolumeName(name);
    const parsed = parseLocalOptions(options, { quotaSupported: false });
    const existing = this.volumes.get(name);
    if (existing) return this.view(existing);

    const dir = join(this.root, name);
    const data = join(dir, '_data');
    if (!this.pool?.take(dir)) this.makeDirs(dir, data);
    if (options !== null && Object.keys(options).length > 0 && parsed) {
      // With a filesystem to mount, the owner applies to its root once mounted (see `mount`).
      const owner = parsed.owner;
      if (owner && !needsMount(parsed)) {
        try {
          applyRootOwner(data, owner);
        } catch (err) {
          rmSync(dir, { recursive: true, force: true });
          throw systemError(`error while setting uid/gid/mode of '${data}': ${(err as Error).message}`, err);
        }
      }
      try {
        writeFileAtomic(join(dir, 'opts.json'), toOptsJson(parsed), 0o600);
      } catch (err) {
        rmSync(dir, { recursive: true, force: true });
        throw systemError(`error while persisting volume options: ${(err as Error).message}`, err);
      }
    }
    if (this.syncDirectories) fsyncPath(this.root);
    const vol: LocalVolume = {
      name,
      dir,
      data,
      options: parsed,
      createdAt: ctimeSeconds(dir),
      mountIds: new Map(),
      mounted: false,
    };
    this.volumes.set(name, vol);
    return this.view(vol);
  }

  /** The volume's two directories, made in place (when the pool has none ready). */
  private makeDirs(dir: string, data: string): void {
    try {
      mkdirSync(dir, { mode: 0o701 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw systemError(
          `error while creating volume root path '${dir}': ${goPathError('mkdir', dir, err)}`,
          err,
        );
      }
    }
    try {
      mkdirSync(data, { mode: 0o755 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        rmSync(dir, { recursive: true, force: true });
        throw systemError(
          `error while creating volume data path '${data}': ${goPathError('mkdir', data, err)}`,
          err,
        );
      }
    }
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
    // A random name: `<name>-suffix` could exceed the 255-byte limit for a long volume name.
    const parked = join(this.trash, randomBytes(12).toString('hex'));
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
      await this.deleteTree(vol.dir);
      return;
    }
    this.volumes.delete(name);
    if (this.syncDirectories) fsyncPath(this.root);
    this.purge(parked);
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

  /** Resolves when every background deletion queued so far has finished. */
  async drained(): Promise<void> {
    await this.purging;
    await this.pool?.drained();
  }

  /** Stops the background work (pool refills) and waits for what is in flight. */
  async close(): Promise<void> {
    await this.pool?.close();
    await this.drained();
  }

  private purge(dir: string): void {
    this.purging = this.purging.then(() => this.deleteTree(dir)).catch(() => undefined);
  }

  /**
   * Deletes a tree unless something is mounted in it: deleting through a mount point would destroy
   * data that is not the volume's (a bind or FUSE source someone mounted inside). Such a tree stays
   * where it is, and start-up tries again.
   */
  private async deleteTree(dir: string): Promise<void> {
    const inside = mountsAtOrBelow(dir);
    if (inside.length > 0) {
      this.log('warn', 'not deleting a removed volume while something is mounted in it', {
        dir,
        mounts: inside,
      });
      return;
    }
    await rm(dir, { recursive: true, force: true });
  }

  async mount(name: string, id: string): Promise<string> {
    const vol = this.volumes.get(name);
    if (!vol) throw new EngineError('not-found', messages.noSuchVolume);
    if (needsMount(vol.options) && !vol.mounted) {
      try {
        await this.mounter.mount(vol.options, vol.data);
      } catch (err) {
        throw systemError(`failed to mount local volume: ${(err as Error).message}`, err);
      }
      if (vol.options.owner) {
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

  async usage(name: string): Promise<number | undefined> {
    const vol = this.volumes.get(name);
    if (!vol) return undefined;
    return directorySize(vol.data);
  }

  private view(vol: LocalVolume): DriverVolume {
    return { name: vol.name, mountpoint: vol.data, createdAt: vol.createdAt };
  }
}

/** ctime of a path, truncated to whole seconds (Docker reports CreatedAt at second precision). */
function ctimeSeconds(path: string): number {
  try {
    return Math.floor(statSync(path).ctimeMs / 1000) * 1000;
  } catch {
    return 0;
  }
}

/** chown (then chmod: chown may clear set-id bits) of a volume root, leaving unasked parts as they are. */
function applyRootOwner(path: string, owner: RootOwner): void {
  if (owner.uid !== undefined || owner.gid !== undefined) chownSync(path, owner.uid ?? -1, owner.gid ?? -1);
  if (owner.mode !== undefined) chmodSync(path, owner.mode);
}

/** fsync of a directory: the entries made, renamed or removed in it reach the disk. */
function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes a file so that a crash leaves either the old or the new content, never a torn one. */
function writeFileAtomic(path: string, content: string, mode: number): void {
  const tmp = `${path}.tmp-${randomBytes(4).toString('hex')}`;
  const fd = openSync(tmp, 'w', mode);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}
