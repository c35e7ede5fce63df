import { existsSync, readFileSync, readdirSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { fromOptsJson } from './local-options.js';
import type { LocalVolume } from './local-volume.js';
import { readMountPoints } from './mount-table.js';
import { settleVolumeDir } from './snapshot-store.js';
import { ctimeSeconds } from './volume-files.js';
import { isLocalVolumeName } from './volume-name.js';

/**
 * Every volume directory under the root (those holding `_data` or `opts.json`; an empty one is what a
 * create interrupted between its two mkdirs leaves, and is removed), with its options and whether its `_data` is still mounted from an earlier run (kept mounted, as Docker
 * v23+ does, and reused by the next mount).
 */
export function scanVolumes(root: string): LocalVolume[] {
  const mounted = new Set(readMountPoints());
  const found: LocalVolume[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (!entry.isDirectory() || !isLocalVolumeName(entry.name)) continue;
    const dir = join(root, entry.name);
    const data = join(dir, '_data');
    const optsFile = join(dir, 'opts.json');
    settleVolumeDir(dir);
    const hasOpts = existsSync(optsFile);
    if (!existsSync(data) && !hasOpts) {
      // A create cut short between its two mkdirs: never acknowledged, and nothing in it.
      if (readdirSync(dir).length === 0) rmdirSync(dir);
      continue;
    }
    found.push({
      name: entry.name,
      dir,
      data,
      options: hasOpts ? fromOptsJson(readFileSync(optsFile, 'utf8')) : null,
      createdAt: ctimeSeconds(dir),
      mountIds: new Map(),
      mounted: mounted.has(data),
    });
  }
  return found;
}
