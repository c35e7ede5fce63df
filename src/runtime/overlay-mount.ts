import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isMountPoint, readMountTable } from './mount-table.js';

function run(cmd: string, args: string[], cwd?: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, timeout: 60_000 }, (err, _stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stderr: String(stderr || (err ? err.message : '')).trim() });
    });
  });
}

export interface OverlayOptions {
  /** The container dir: mount(8) runs here, so the option string holds short relative paths. */
  dir: string;
  /** Image layer directories, lowest first. */
  layers: string[];
  /** Directory of short symlinks to the layers (Docker's overlay2 `l/`), inside `dir`. */
  links: string;
  upper: string;
  work: string;
  target: string;
}

/**
 * Mounts the overlay root filesystem. The kernel takes the options in one page (4 KiB): with a
 * symlink per layer named by its index (top layer first) and paths relative to the container dir,
 * 128 layers take about 1 KiB. With no layers an empty directory is the only lower one.
 */
export async function mountOverlay(o: OverlayOptions): Promise<void> {
  rmSync(o.links, { recursive: true, force: true });
  mkdirSync(o.links, { recursive: true });
  const top = [...o.layers].reverse();
  if (top.length === 0) {
    mkdirSync(join(o.links, 'empty'), { recursive: true });
  }
  top.forEach((layer, i) => symlinkSync(layer, join(o.links, String(i))));
  const rel = (p: string) => relative(o.dir, p);
  const lower =
    top.length === 0 ? [rel(join(o.links, 'empty'))] : top.map((_, i) => rel(join(o.links, String(i))));
  // moby overlay2 turns the inode index off where the kernel has the option (mounts of shared upper dirs).
  const index = existsSync('/sys/module/overlay/parameters/index') ? 'index=off,' : '';
  const data = `${index}lowerdir=${lower.join(':')},upperdir=${rel(o.upper)},workdir=${rel(o.work)}`;
  const r = await run('mount', ['-t', 'overlay', '-o', data, 'overlay', rel(o.target)], o.dir);
  if (r.code !== 0) throw new Error(`mount overlay on ${o.target}: ${r.stderr.replace(/^mount: /, '')}`);
}

/** Unmounts everything mounted at `target` (lazily when busy); no mount is fine. */
export async function unmount(target: string): Promise<void> {
  // Several mounts may be stacked on one mount point: each round takes the top one off.
  for (let round = 0; round < 8 && isMountPoint(target, readMountTable()); round++) {
    let r = await run('umount', [target]);
    if (r.code !== 0) r = await run('umount', ['-l', target]);
    if (r.code !== 0 && isMountPoint(target, readMountTable())) {
      throw new Error(`unmount ${target}: ${r.stderr.replace(/^umount: /, '')}`);
    }
  }
}
