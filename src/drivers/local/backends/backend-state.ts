import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../volume-files.js';
import type { BackendState } from './storage-backend.js';

/**
 * `storage.json`, beside `_data`: what a backend recorded about the storage in that directory (the
 * btrfs pool subvolume's name and id). It belongs to the storage, not to the options, so a copy of a
 * volume or snapshot gets its own from the backend while opts.json is copied as it is. Absent when
 * the backend recorded nothing.
 */
export const backendStateFile = 'storage.json';

export function writeBackendState(dir: string, state: BackendState): void {
  if (state.ref === undefined && state.subvolumeId === undefined) return;
  const body = {
    ...(state.ref === undefined ? {} : { Ref: state.ref }),
    ...(state.subvolumeId === undefined ? {} : { SubvolumeId: state.subvolumeId }),
  };
  writeFileAtomic(join(dir, backendStateFile), JSON.stringify(body), 0o600);
}

export function readBackendState(dir: string): BackendState {
  let raw: { Ref?: unknown; SubvolumeId?: unknown };
  try {
    raw = JSON.parse(readFileSync(join(dir, backendStateFile), 'utf8')) as typeof raw;
  } catch {
    return {};
  }
  return {
    ...(typeof raw.Ref === 'string' ? { ref: raw.Ref } : {}),
    ...(typeof raw.SubvolumeId === 'number' ? { subvolumeId: raw.SubvolumeId } : {}),
  };
}

/**
 * Every backend state found below `root` (volumes, and whatever a volume keeps beside its data, e.g.
 * snapshots), without entering any `_data`: what start-up must not delete.
 */
export function findBackendStates(root: string, depth = 4): BackendState[] {
  const found: BackendState[] = [];
  const walk = (dir: string, left: number): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isFile() && e.name === backendStateFile) found.push(readBackendState(dir));
      else if (e.isDirectory() && e.name !== '_data' && left > 0) walk(join(dir, e.name), left - 1);
    }
  };
  walk(root, depth);
  return found;
}
