import { execFile } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  realpathSync,
  statSync,
  chmodSync,
  chownSync,
} from 'node:fs';
import { join, posix } from 'node:path';
import { promisify } from 'node:util';
import { invalidParameter, notFound, systemError } from '../../errors/index.js';
import type { MountSpec } from '../../runtime/container-runtime.js';
import type { MountPoint } from '../mounts/mount-point.js';
import {
  modeIsRw,
  parseBind,
  parseMountSpec,
  parseVolumesFrom,
  tmpfsOptions,
} from '../mounts/mount-parser.js';
import type { VolumeService } from '../volume-service.js';
import type { ContainerRecord, HostConfig } from './container-record.js';

const run = promisify(execFile);

/** What mount handling needs from the rest of the engine. */
export interface MountContext {
  volumes: VolumeService;
  /** The daemon's data root: binds from within it get rslave propagation, as Docker's do. */
  dataRoot: string;
  findContainer(ref: string): ContainerRecord | undefined;
  volumeEvent(action: 'mount' | 'unmount', name: string, attributes: Record<string, string>): void;
}

const duplicate = (dst: string): Error => invalidParameter(`Duplicate mount point: ${dst}`);

/** moby validateBindDaemonRoot: a bind touching the data root defaults to rslave propagation. */
function daemonRootPropagation(mp: MountPoint, root: string): void {
  if (mp.Type !== 'bind') return;
  const src = mp.Spec.Source ?? '';
  if (!src.startsWith(root) && !root.startsWith(src)) return;
  const asked = mp.Spec.BindOptions?.Propagation ?? '';
  if (asked === '') mp.Propagation = 'rslave';
  else if (asked !== 'rslave' && asked !== 'rshared') {
    throw invalidParameter(
      `invalid mount config: must use either propagation mode "rslave" or "rshared" when mount source is within the daemon root, daemon root: ${JSON.stringify(root)}, bind mount source: ${JSON.stringify(src)}, propagation: ${JSON.stringify(asked)}`,
    );
  }
}

/**
 * moby registerMountPoints: volumes-from, then binds (`-v`), then mounts (`--mount`); later sources
 * win over volumes-from, binds and mounts may not share a destination. Volumes are created when
 * missing and referenced by the container. On failure every reference taken is released.
 */
export async function registerMountPoints(
  ctx: MountContext,
  containerId: string,
  hostConfig: HostConfig,
): Promise<Record<string, MountPoint>> {
  const points: Record<string, MountPoint> = {};
  const binds = new Set<string>();
  const acquired: string[] = [];
  const acquire = (name: string): void => {
    ctx.volumes.acquire(name, containerId);
    acquired.push(name);
  };
  const replace = (mp: MountPoint): void => {
    const old = points[mp.Destination];
    if (old?.Type === 'volume' && old.Name !== '' && old.Name !== mp.Name)
      ctx.volumes.release(old.Name, containerId);
    points[mp.Destination] = mp;
  };
  try {
    for (const spec of hostConfig.VolumesFrom ?? []) {
      const { container, mode } = parseVolumesFrom(spec);
      const source = ctx.findContainer(container);
      if (!source) throw invalidParameter(`No such container: ${container}`);
      for (const m of Object.values(source.MountPoints)) {
        const cp: MountPoint = { ...m, RW: m.RW && modeIsRw(mode), Mode: '', CopyData: false };
        if (cp.Type === 'volume') acquire(cp.Name);
        replace(cp);
      }
    }
    const tmpfs = hostConfig.Tmpfs ?? {};
    for (const raw of hostConfig.Binds ?? []) {
      const mp = parseBind(raw, hostConfig.VolumeDriver ?? '');
      daemonRootPropagation(mp, ctx.dataRoot);
      if (binds.has(mp.Destination) || mp.Destination in tmpfs) throw duplicate(mp.Destination);
      if (mp.Type === 'volume') await createVolumeFor(ctx, mp, acquire);
      binds.add(mp.Destination);
      replace(mp);
    }
    for (const cfg of hostConfig.Mounts ?? []) {
      const mp = parseMountSpec(cfg);
      daemonRootPropagation(mp, ctx.dataRoot);
      if (binds.has(mp.Destination)) throw duplicate(cfg.Target ?? '');
      if (mp.Type === 'volume') await createVolumeFor(ctx, mp, acquire);
      if (mp.Type === 'bind' && !cfg.BindOptions?.CreateMountpoint) mp.SkipMountpointCreation = true;
      binds.add(mp.Destination);
      replace(mp);
    }
    return points;
  } catch (err) {
    for (const name of acquired) ctx.volumes.release(name, containerId);
    throw err;
  }
}

async function createVolumeFor(
  ctx: MountContext,
  mp: MountPoint,
  acquire: (name: string) => void,
): Promise<void> {
  const opts = mp.Spec.VolumeOptions;
  const v = await ctx.volumes.create(
    {
      name: mp.Name,
      driver: mp.Driver,
      driverOpts: opts?.DriverConfig?.Options ?? null,
      labels: opts?.Labels ?? null,
    },
    { apiVersion: '1.50' },
  );
  acquire(v.name);
  mp.Name = v.name;
  mp.Driver = v.driver;
  mp.Source = v.mountpoint;
  if (v.driver === 'local' && mp.Mode === '') mp.Mode = 'z';
}

/**
 * `Config.Volumes` (image `VOLUME` and `-v /path`): an anonymous volume for every path nothing else is
 * mounted on; a path that is a file in the image is an error (moby createContainerOSSpecificSettings).
 */
export async function addAnonymousVolumes(
  ctx: MountContext,
  record: ContainerRecord,
  rootfs: string,
): Promise<void> {
  for (const spec of Object.keys(record.Config.Volumes ?? {})) {
    const destination = posix.normalize(spec).replace(/(.)\/$/, '$1');
    if (record.MountPoints[destination]) continue;
    const inRootfs = join(rootfs, destination);
    if (existsSync(inRootfs) && !statSync(inRootfs).isDirectory()) {
      throw systemError(`cannot mount volume over existing file, file exists ${inRootfs}`);
    }
    const v = await ctx.volumes.create(
      { name: '', driver: record.HostConfig.VolumeDriver ?? '' },
      { apiVersion: '1.50' },
    );
    ctx.volumes.acquire(v.name, record.Id);
    record.MountPoints[destination] = {
      Type: 'volume',
      Name: v.name,
      Source: v.mountpoint,
      Destination: destination,
      Driver: v.driver,
      Mode: '',
      RW: true,
      Propagation: '',
      Spec: { Type: 'volume', Target: destination },
      CopyData: true,
    };
  }
}

/**
 * Copy-up (moby populateVolumes): once, at create, an empty volume receives what the image has at its
 * destination, preserving owners, modes, times and xattrs, including the directory's own mode/owner.
 */
export async function populateVolumes(
  ctx: MountContext,
  record: ContainerRecord,
  rootfs: string,
): Promise<void> {
  for (const mp of Object.values(record.MountPoints)) {
    if (mp.Type !== 'volume' || !mp.CopyData || mp.Spec.VolumeOptions?.Subpath) continue;
    const from = join(rootfs, mp.Destination);
    if (!existsSync(from) || !lstatSync(from).isDirectory()) continue;
    const copyId = `${record.Id}-copy-up`;
    const to = await ctx.volumes.mount(mp.Name, copyId);
    try {
      if (readdirSync(to).length > 0) continue;
      await run('cp', ['-a', '--', `${from}/.`, `${to}/`]);
      // The image directory's owner and mode, unless the volume was created with its own (Strata's
      // local `uid`/`gid`/`mode` options): explicit options win. Owner first: chown clears set-id bits.
      const st = statSync(from);
      const own = mp.Driver === 'local' ? (ctx.volumes.get(mp.Name).options ?? {}) : {};
      chownSync(
        to,
        own.uid !== undefined ? Number(own.uid) : st.uid,
        own.gid !== undefined ? Number(own.gid) : st.gid,
      );
      chmodSync(to, own.mode !== undefined ? parseInt(own.mode, 8) : st.mode & 0o7777);
    } finally {
      await ctx.volumes.unmount(mp.Name, copyId);
    }
  }
}

/**
 * Mounts every volume of a starting container through its driver (emitting `mount` events) and
 * returns the runtime's mount list. Missing `-v` bind sources are created, as Docker does.
 */
export async function mountForStart(ctx: MountContext, record: ContainerRecord): Promise<MountSpec[]> {
  const specs: MountSpec[] = [];
  const mounted: MountPoint[] = [];
  try {
    for (const mp of Object.values(record.MountPoints)) {
      if (mp.Type === 'volume') {
        let source = await ctx.volumes.mount(mp.Name, record.Id);
        mounted.push(mp);
        ctx.volumeEvent('mount', mp.Name, {
          container: record.Id,
          destination: mp.Destination,
          driver: mp.Driver,
          propagation: mp.Propagation,
          'read/write': String(mp.RW),
        });
        const subpath = mp.Spec.VolumeOptions?.Subpath ?? '';
        if (subpath !== '') source = resolveSubpath(source, subpath);
        specs.push({
          destination: mp.Destination,
          source,
          type: 'bind',
          readonly: !mp.RW,
          // Only a subpath can be a file; a volume itself is a directory.
          file: subpath !== '' && !statSync(source).isDirectory(),
        });
      } else if (mp.Type === 'bind') {
        if (!existsSync(mp.Source) && !mp.SkipMountpointCreation)
          mkdirSync(mp.Source, { recursive: true, mode: 0o755 });
        specs.push({
          destination: mp.Destination,
          source: mp.Source,
          type: 'bind',
          readonly: !mp.RW,
          propagation: mp.Propagation || 'rprivate',
          file: existsSync(mp.Source) && !statSync(mp.Source).isDirectory(),
        });
      } else if (mp.Type === 'tmpfs') {
        specs.push({
          destination: mp.Destination,
          source: '',
          type: 'tmpfs',
          readonly: !mp.RW,
          tmpfsOptions: tmpfsOptions(mp.Spec),
        });
      }
    }
    for (const [dst, opts] of Object.entries(record.HostConfig.Tmpfs ?? {})) {
      specs.push({ destination: dst, source: '', type: 'tmpfs', readonly: false, tmpfsOptions: opts });
    }
    return specs;
  } catch (err) {
    await unmountAfterExit(ctx, record, mounted);
    throw err;
  }
}

/**
 * After a daemon restart, registers again the volume mounts of a container that kept running (its
 * drivers find the filesystems mounted and only count the id). No events: nothing was mounted.
 */
export async function remountVolumes(ctx: MountContext, record: ContainerRecord): Promise<void> {
  for (const mp of Object.values(record.MountPoints)) {
    if (mp.Type !== 'volume') continue;
    await ctx.volumes.mount(mp.Name, record.Id).catch(() => undefined);
  }
}

/** Releases the volume mounts of a container that stopped (emitting `unmount` events). */
export async function unmountAfterExit(
  ctx: MountContext,
  record: ContainerRecord,
  only?: MountPoint[],
): Promise<void> {
  for (const mp of only ?? Object.values(record.MountPoints)) {
    if (mp.Type !== 'volume') continue;
    await ctx.volumes.unmount(mp.Name, record.Id).catch(() => undefined);
    ctx.volumeEvent('unmount', mp.Name, { container: record.Id, driver: mp.Driver });
  }
}

/** moby's subpath check at start: it must exist and stay inside the volume after symlinks. */
function resolveSubpath(volumePath: string, subpath: string): string {
  const candidate = join(volumePath, subpath);
  let real: string;
  try {
    real = realpathSync(candidate);
  } catch {
    throw notFound(`cannot access path ${candidate}: lstat ${candidate}: no such file or directory`);
  }
  const base = realpathSync(volumePath);
  if (real !== base && !real.startsWith(`${base}/`)) {
    throw invalidParameter(`path concatenation escapes the base directory: ${subpath}`);
  }
  return real;
}

/**
 * Drops the container's volume references; with `removeAnonymous` (`rm -v`, `--rm`) also removes the
 * volumes whose spec named no source, ignoring "in use" as Docker does.
 */
export async function releaseMountPoints(
  ctx: MountContext,
  record: ContainerRecord,
  removeAnonymous: boolean,
): Promise<string[]> {
  const errors: string[] = [];
  for (const mp of Object.values(record.MountPoints)) {
    if (mp.Type !== 'volume') continue;
    ctx.volumes.release(mp.Name, record.Id);
    if (removeAnonymous && (mp.Spec.Source ?? '') === '') {
      try {
        await ctx.volumes.remove(mp.Name, { force: false });
      } catch (err) {
        if (!/volume is in use|no such volume/.test((err as Error).message))
          errors.push((err as Error).message);
      }
    }
  }
  return errors;
}
