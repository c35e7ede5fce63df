import {
  OpError,
  conflict,
  invalidParameter,
  kindOf,
  messageOf,
  messages,
  notFound,
} from '../errors/index.js';
import type { VolumeRecord } from '../store/metadata-store.js';
import { lockBoth, type VolumeAccess } from './volume-access.js';
import { anonymousLabel } from './volume-prune.js';

/** Label edits on an existing volume (Strata's own): keys to set (replacing values) and to drop. */
export interface LabelChange {
  add?: Record<string, string> | null;
  remove?: readonly string[] | null;
}

/**
 * Renames an unreferenced volume, keeping its data, labels and options (Strata's own; Docker has
 * none, moby#31154). Catalog and disk change in this order, so that a crash at any point leaves
 * exactly one of the two names, settled by the service's start-up reconciliation without further
 * bookkeeping:
 *   1. the record is written under `to` too (one SQLite statement): a crash now leaves two records
 *      and the directory `from`; start-up drops `to` (no directory) and keeps `from`.
 *   2. the driver renames the directory (one rename(2), fsynced when durability asks): a crash now
 *      leaves two records and the directory `to`; start-up drops `from` and keeps `to`, labels and all.
 *   3. the record `from` is deleted: done.
 * Neither name's directory is ever without its record, so nothing is adopted bare. Returns the
 * record under its new name.
 */
export function renameVolume(access: VolumeAccess, from: string, to: string): Promise<VolumeRecord> {
  return lockBoth(access.locks, from, to, () => renameLocked(access, from, to));
}

async function renameLocked(access: VolumeAccess, from: string, to: string): Promise<VolumeRecord> {
  const { index, store } = access;
  const rec = index.get(from);
  if (!rec) throw new OpError('get', from, notFound(messages.noSuchVolume));
  const driver = access.driverOf('rename', from, rec.driver);
  if (!driver.rename) {
    throw new OpError('rename', from, invalidParameter(messages.driverCannotRename(rec.driver)));
  }
  if (to === '') throw new OpError('rename', from, invalidParameter(messages.emptyNewName));
  if (index.has(to)) throw conflict(messages.volumeExists(to));
  const refs = index.refsOf(from);
  if (refs.length > 0) {
    const names = refs.map((id) => access.containers().find(id)?.name).filter((n) => n !== undefined);
    throw conflict(messages.volumeInUseBy(from, refs, names));
  }
  const moved: VolumeRecord = { ...rec, name: to };
  try {
    store.putVolume(moved);
  } catch (err) {
    throw new OpError('rename', from, err);
  }
  access.renaming.add(from);
  try {
    await driver.rename(from, to);
  } catch (err) {
    store.deleteVolume(to);
    if (kindOf(err) === 'conflict') throw conflict(messages.volumeMountedNow(from, messageOf(err)), err);
    throw new OpError('rename', from, err);
  } finally {
    access.renaming.delete(from);
  }
  try {
    store.deleteVolume(from);
  } catch (err) {
    // The move is done on disk; the stale record has no directory and goes at the next start.
    access.log('warn', 'could not drop the old name of a renamed volume', { name: from, err: String(err) });
  }
  index.delete(from);
  index.put(moved);
  access.renamed(from, to);
  access.emit('rename', to, { driver: rec.driver, oldName: from });
  return moved;
}

/**
 * Sets and drops labels of a volume of any driver (Strata's own; Docker has none, moby#25291). Keys
 * are checked as `volume create --label` checks them; the anonymous label is fixed; a key both set
 * and dropped is refused; dropping a missing key is not an error. The catalog is written before the
 * answer; an `update` event names the keys set and dropped. A change that changes nothing writes
 * nothing and emits nothing. Returns the record as it is after the edit.
 */
export async function updateVolumeLabels(
  access: VolumeAccess,
  name: string,
  change: LabelChange,
): Promise<VolumeRecord> {
  const add = change.add ?? {};
  const remove = change.remove ?? [];
  for (const [key, value] of Object.entries(add)) checkLabelKey(key, `${key}=${value}`);
  for (const key of remove) checkLabelKey(key, key);
  for (const key of [...Object.keys(add), ...remove]) {
    if (key === anonymousLabel) throw invalidParameter(messages.anonymousLabelFixed(anonymousLabel));
    if (Object.hasOwn(add, key) && remove.includes(key)) {
      throw invalidParameter(messages.labelAddedAndRemoved(key));
    }
  }
  return access.locks.run(name, async () => {
    const rec = access.index.get(name);
    if (!rec) throw new OpError('get', name, notFound(messages.noSuchVolume));
    // A Map, so that keys such as `__proto__` stay plain keys.
    const labels = new Map(Object.entries(rec.labels ?? {}));
    const added = Object.keys(add).filter((k) => labels.get(k) !== add[k]);
    const removed = [...new Set(remove)].filter((k) => labels.has(k));
    if (added.length === 0 && removed.length === 0) return rec;
    for (const k of added) labels.set(k, add[k] ?? '');
    for (const k of removed) labels.delete(k);
    const updated: VolumeRecord = { ...rec, labels: labels.size > 0 ? Object.fromEntries(labels) : null };
    try {
      access.store.putVolume(updated);
    } catch (err) {
      throw new OpError('update', name, err);
    }
    access.index.put(updated);
    access.emit('update', name, {
      driver: rec.driver,
      ...(added.length > 0 ? { labelsAdded: added.sort().join(',') } : {}),
      ...(removed.length > 0 ? { labelsRemoved: removed.sort().join(',') } : {}),
    });
    return updated;
  });
}

/** docker/cli opts.ValidateLabel's checks on a key; `raw` is the `k=v` text the error quotes. */
function checkLabelKey(key: string, raw: string): void {
  const trimmed = key.trim();
  if (trimmed === '') throw invalidParameter(messages.labelEmptyName(raw));
  if (/[ \t\n\v\f\r]/.test(trimmed)) throw invalidParameter(messages.labelHasWhitespace(trimmed));
}
