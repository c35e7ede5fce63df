import { OpError, conflict, invalidParameter, kindOf, messages, notFound } from '../errors/index.js';
import type { VolumeRecord } from '../store/metadata-store.js';
import { lockBoth, withWritersPaused, type VolumeAccess } from './volume-access.js';
import { anonymousLabel } from './volume-prune.js';

export interface CloneRequest {
  /** The new volume's name. */
  name: string;
  /** Labels set on the clone over the source's (a key given here replaces the source's value). */
  labels?: Record<string, string> | null;
  /** Pause the running containers that use the source while it is copied (else they are refused). */
  pause?: boolean;
}

/**
 * Makes a new volume `req.name` holding a copy of `source`'s data, with its driver, options (owner
 * included) and labels, `req.labels` laid over them (Strata's own, moby#31854). The source's
 * anonymous label is not carried over: the clone has a name someone chose. Only drivers with a
 * `clone` can (the local driver); a source that running containers use is refused unless they are
 * paused meanwhile. No container may take or mount the source while it is copied.
 *
 * Crash safety follows rename's: the record of the clone is written before the driver copies (a
 * crash now leaves a record without a volume, which start-up drops), the driver publishes the copy
 * in one atomic step, and the record is completed after it. Emits `clone` (attributes: driver,
 * source) on the new volume.
 */
export async function cloneVolume(
  access: VolumeAccess,
  source: string,
  req: CloneRequest,
): Promise<VolumeRecord> {
  const target = req.name;
  if (target === '') throw new OpError('clone', source, invalidParameter(messages.emptyNewName));
  return lockBoth(access.locks, source, target, async () => {
    const rec = access.index.get(source);
    if (!rec) throw new OpError('get', source, notFound(messages.noSuchVolume));
    const driver = access.driverOf('clone', source, rec.driver);
    if (!driver.clone) {
      throw new OpError('clone', source, invalidParameter(messages.driverCannotCopy(rec.driver, 'clone')));
    }
    const clone = driver.clone.bind(driver);
    if (access.index.has(target)) throw conflict(messages.volumeExists(target));
    const labels = new Map(Object.entries(rec.labels ?? {}));
    labels.delete(anonymousLabel);
    for (const [k, v] of Object.entries(req.labels ?? {})) labels.set(k, v);
    const made: VolumeRecord = {
      name: target,
      driver: rec.driver,
      labels: labels.size > 0 ? Object.fromEntries(labels) : null,
      options: rec.options,
      createdAt: Math.floor(Date.now() / 1000) * 1000,
    };
    const copied = await withWritersPaused(access, rec, req.pause ?? false, () =>
      access.busyDuring(source, 'cloned', async () => {
        try {
          access.store.putVolume(made);
        } catch (err) {
          throw new OpError('clone', source, err);
        }
        try {
          return await clone(source, target);
        } catch (err) {
          access.store.deleteVolume(target);
          if (kindOf(err) === 'conflict') throw err;
          throw new OpError('clone', source, err);
        }
      }),
    );
    const final: VolumeRecord = { ...made, createdAt: copied.createdAt };
    try {
      if (final.createdAt !== made.createdAt) access.store.putVolume(final);
    } catch (err) {
      // The clone is complete on disk and recorded; only its creation time may be a second off.
      access.log('warn', 'could not record the creation time of a clone', { name: target, err: String(err) });
    }
    access.index.put(final);
    access.dataChanged(target);
    access.emit('clone', target, { driver: rec.driver, source });
    return final;
  });
}
