import { OpError, conflict, messageOf, messages, systemError } from '../errors/index.js';
import type { VolumeDriver } from '../drivers/volume-driver.js';
import type { VolumeRecord } from '../store/metadata-store.js';
import { apiVersionLess, type RequestContext } from './request-context.js';
import type { VolumeAccess } from './volume-access.js';
import { generateVolumeId } from './volume-id.js';
import { anonymousLabel, defaultDriverName } from './volume-prune.js';

export interface CreateVolumeRequest {
  name?: string;
  driver?: string;
  driverOpts?: Record<string, string> | null;
  labels?: Record<string, string> | null;
}

/**
 * moby volume service Create: a name is generated for an anonymous volume (labelled as one at API
 * ≥ 1.42); under the name's lock, an existing volume is returned as it is (see `checkConflict`),
 * otherwise the driver makes it and the record is written before the answer (the driver's volume is
 * removed again when the catalog write fails). The new volume is counted in the background.
 */
export function createVolume(
  access: VolumeAccess,
  req: CreateVolumeRequest,
  ctx: RequestContext,
): Promise<VolumeRecord> {
  const legacy = apiVersionLess(ctx.apiVersion, '1.42');
  let name = req.name ?? '';
  let labels = req.labels ?? null;
  if (name === '') {
    name = generateVolumeId();
    if (!legacy) labels = { ...(labels ?? {}), [anonymousLabel]: '' };
  }
  const requestedDriver = req.driver ?? '';
  return access.locks.run(name, async () => {
    const existing = checkConflict(access, name, requestedDriver);
    if (existing) {
      if (legacy) access.emit('create', existing.name, { driver: existing.driver });
      return existing;
    }
    const driver = access.driverOf('create', name, requestedDriver || defaultDriverName);
    const options = req.driverOpts ?? null;
    let made;
    try {
      made = await driver.create(name, options);
    } catch (err) {
      // dockerd 20.10 reported a size it could not parse as a server error (500).
      if (legacy && messageOf(err).startsWith('invalid size:'))
        throw new OpError('create', name, systemError(messageOf(err)));
      throw new OpError('create', name, err);
    }
    const rec: VolumeRecord = { name, driver: driver.name, labels, options, createdAt: made.createdAt };
    try {
      access.store.putVolume(rec);
    } catch (err) {
      await driver.remove(name).catch(() => undefined);
      throw new OpError('create', name, err);
    }
    access.index.put(rec);
    access.emit('create', name, { driver: driver.name });
    access.dataChanged(name);
    return rec;
  });
}

/**
 * moby store checkConflict: an existing volume is returned when no driver or its own driver was
 * asked for; another existing driver is a conflict, an unknown one a lookup error. A record whose
 * volume vanished from its driver is purged (unless referenced) so the create can proceed.
 */
function checkConflict(
  access: VolumeAccess,
  name: string,
  requestedDriver: string,
): VolumeRecord | undefined {
  const rec = access.index.get(name);
  if (!rec) return undefined;
  if (requestedDriver === '') return rec;
  // The driver's own name is the canonical one (moby checkConflict).
  if (access.driverOf('create', name, requestedDriver).name === rec.driver) return rec;
  let holder: VolumeDriver | undefined;
  try {
    holder = access.driverOf('create', name, rec.driver);
  } catch {
    holder = undefined;
  }
  if (holder?.get(name) !== undefined) {
    throw new OpError('create', name, conflict(messages.driverAlreadyHasVolume(rec.driver, name)));
  }
  if (access.index.refCount(name) > 0) {
    throw new OpError(
      'create',
      name,
      conflict(
        `found references to volume '${name}' in driver '${rec.driver}' but the volume was not found in the driver -- you may need to remove containers referencing this volume or force remove the volume to re-create it: ${messages.nameMustBeUnique}`,
      ),
    );
  }
  access.forget(name);
  return undefined;
}
