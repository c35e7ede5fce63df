import { mkdirSync, statSync } from 'node:fs';
import type { ContainerRuntimeSpec } from './container-runtime.js';
import { writeJsonAtomic, type ContainerDir } from './container-dir.js';
import { writeNetworkFiles } from './network-files.js';
import { buildOciSpec } from './oci-spec.js';
import { isMountPoint, readMountTable } from './mount-table.js';
import { mountOverlay, unmount } from './overlay-mount.js';
import { resolveInRoot } from './scoped-path.js';
import { resolveUser } from './user-lookup.js';

/**
 * moby container.SetupWorkingDirectory: the working directory is created (0755, root-owned) inside
 * the rootfs, symlinks resolved within it; an existing non-directory is Docker's error.
 */
export function ensureWorkingDirectory(rootfs: string, cwd: string): void {
  if (cwd === '' || cwd === '/') return;
  const path = resolveInRoot(rootfs, cwd);
  try {
    mkdirSync(path, { recursive: true, mode: 0o755 });
  } catch (err) {
    let isDir = true;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      // the mkdir error says why
    }
    if (!isDir) throw new Error(`Cannot mkdir: ${cwd} is not a directory`);
    throw err;
  }
}

/**
 * Makes the container's directories, mounts its rootfs (unless mounted), writes the network files
 * and config.json. If anything after the mount fails, a mount made here is undone.
 */
export async function prepareBundle(
  d: ContainerDir,
  spec: ContainerRuntimeSpec,
  recursiveReadonly: boolean,
): Promise<void> {
  mkdirSync(d.dir, { recursive: true, mode: 0o710 });
  mkdirSync(d.upper, { recursive: true, mode: 0o755 });
  mkdirSync(d.work, { recursive: true, mode: 0o700 });
  mkdirSync(d.rootfs, { recursive: true, mode: 0o755 });
  writeJsonAtomic(d.spec, spec);
  const mountedHere = !isMountPoint(d.rootfs, readMountTable());
  if (mountedHere) {
    await mountOverlay({
      dir: d.dir,
      layers: spec.layers,
      links: d.layerLinks,
      upper: d.upper,
      work: d.work,
      target: d.rootfs,
    });
  }
  try {
    const user = resolveUser(d.rootfs, spec.process.user);
    ensureWorkingDirectory(d.rootfs, spec.process.cwd);
    const networkFiles = writeNetworkFiles(d.dir, spec.hostname, spec.network);
    writeJsonAtomic(
      d.config,
      buildOciSpec({ spec, rootfs: d.rootfs, user, networkFiles, recursiveReadonly }),
    );
  } catch (err) {
    if (mountedHere) await unmount(d.rootfs).catch(() => undefined);
    throw err;
  }
}
