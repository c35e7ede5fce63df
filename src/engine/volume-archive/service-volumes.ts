import type { DriverRegistry } from '../../drivers/driver-registry.js';
import { defaultDriverName } from '../volume-prune.js';
import type { VolumeService } from '../volume-service.js';
import type { ArchiveVolumes } from './archive-volumes.js';

/**
 * ArchiveVolumes over the volume service and its drivers. Archive mounts go to the driver directly:
 * they are not a container's, so they neither count as the volume's last mount nor as a user; the
 * size is refreshed after content changed.
 */
export function archiveVolumesOf(volumes: VolumeService, drivers: DriverRegistry): ArchiveVolumes {
  const driverOf = (name: string) => drivers.get(volumes.get(name).driver);
  const has = (name: string): boolean => {
    try {
      volumes.get(name);
      return true;
    } catch {
      return false;
    }
  };
  return {
    get: (name) => volumes.get(name),
    has,
    create: (req) =>
      volumes.create(
        {
          name: req.name,
          driver: req.driver || defaultDriverName,
          driverOpts: req.driverOpts,
          labels: req.labels,
        },
        { apiVersion: '1.50' },
      ),
    remove: (name) => volumes.remove(name, { force: false }),
    mount: (name, id) => driverOf(name).mount(name, id),
    unmount: async (name, id) => {
      if (has(name)) await driverOf(name).unmount(name, id);
    },
    hold: (name, what) => volumes.hold(name, what),
    withNameLock: (name, fn) => volumes.withNameLock(name, fn),
    contentChanged: (name) => {
      void volumes.refreshSize(name).catch(() => undefined);
    },
  };
}
