/**
 * `docker import` (moby daemon/images/image_import.go): the changes are applied to an empty run
 * config first (so a bad change fails before the body is read), the tar becomes one layer, and the
 * config moby writes for it (history comment = message, `Imported from -` by default) is stored and
 * tagged. The platform is the daemon's.
 */
import type { Readable } from 'node:stream';
import { invalidParameter } from '../errors/index.js';
import { applyChanges } from './dockerfile-changes.js';
import { importConfigJson } from './image-config.js';
import type { ImageService } from './image-service.js';
import { repoTagReference } from './image-service.js';
import type { ImageRecord } from './image-store.js';

export async function importImage(
  svc: ImageService,
  tar: Readable,
  opts: { ref?: string; tag?: string; changes?: string[]; message?: string; legacyErrors?: boolean },
): Promise<ImageRecord> {
  const target = repoTagReference(opts.ref ?? '', opts.tag ?? '');
  let config;
  try {
    config = applyChanges({}, opts.changes ?? [], opts.legacyErrors ?? false);
  } catch (err) {
    throw invalidParameter((err as Error).message, err);
  }
  const layer = await svc.storage.layers.register(tar);
  try {
    const created = svc.nowText();
    const message = opts.message === undefined || opts.message === '' ? 'Imported from -' : opts.message;
    const bytes = Buffer.from(
      importConfigJson({
        config,
        created,
        comment: message,
        architecture: svc.options.platform.architecture,
        os: svc.options.platform.os,
        diffId: layer.diffId,
        dockerVersion: svc.options.engineVersion,
      }),
    );
    const id = svc.commit(bytes);
    if (target) svc.addTag(target, id);
    return svc.recordOf(id);
  } finally {
    layer.release();
  }
}
