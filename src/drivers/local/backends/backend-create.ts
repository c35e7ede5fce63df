import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { EngineError, messageOf, systemError } from '../../../errors/index.js';
import { toOptsJson, type LocalMountOptions } from '../local-options.js';
import { fsyncPath, writeFileAtomic } from '../volume-files.js';
import { runCommand } from './run-command.js';
import type { BackendVolume, StorageBackend } from './storage-backend.js';

/** Volumes being made on a backend: `<root>/.staging-<random>` (never a volume name: it starts with `.`). */
const stagingPrefix = '.staging-';

export interface BackendCreateOptions {
  /** `<root>`, the volumes root. */
  root: string;
  name: string;
  backend: StorageBackend;
  options: LocalMountOptions;
  /** fsync the staged directory before it is published. */
  durable: boolean;
}

/**
 * Makes a volume on a backend other than `dir`: the backend fills a staging directory in the volumes
 * root (same filesystem, so a btrfs subvolume can move too), opts.json is written, and one rename(2)
 * publishes it as `<root>/<name>`. A crash before the rename leaves a staging directory, which
 * `removeStaging` deletes at start-up (and the backend's `recover` what lives outside it); a failure
 * is cleaned up here. Returns the volume at its final place and the options as recorded.
 */
export async function createBackendVolume(
  o: BackendCreateOptions,
): Promise<{ made: BackendVolume; options: LocalMountOptions }> {
  const staging = join(o.root, `${stagingPrefix}${randomBytes(8).toString('hex')}`);
  const dir = join(o.root, o.name);
  let made: BackendVolume | undefined;
  let options = o.options;
  try {
    mkdirSync(staging, { mode: 0o701 });
    made = await o.backend.create({
      dir: staging,
      sizeBytes: o.options.quotaSize,
      ...(o.options.owner === undefined ? {} : { owner: o.options.owner }),
    });
    // The limit in force (an image made at the default size) is what opts.json records.
    options = { ...o.options, quotaSize: made.sizeBytes };
    writeFileAtomic(join(staging, 'opts.json'), toOptsJson(options), 0o600);
    if (o.durable) {
      // The storage's own filesystem first (a btrfs pool is another one), then the staged entries.
      const inner = o.backend.readablePath(made, false);
      if (inner !== undefined) await runCommand('sync', ['-f', '--', inner]);
      fsyncPath(staging);
    }
    renameSync(staging, dir);
  } catch (err) {
    if (made) await o.backend.destroy(made).catch(() => undefined);
    await rm(staging, { recursive: true, force: true }).catch(() => undefined);
    if (err instanceof EngineError) throw err;
    throw systemError(`error while creating volume on the ${o.backend.name} backend: ${messageOf(err)}`, err);
  }
  return { made: { ...made, dir }, options };
}

/** Deletes what creates cut short by a crash left in the volumes root. */
export async function removeStaging(root: string): Promise<void> {
  const stale = readdirSync(root).filter((e) => e.startsWith(stagingPrefix));
  await Promise.all(stale.map((e) => rm(join(root, e), { recursive: true, force: true })));
}
