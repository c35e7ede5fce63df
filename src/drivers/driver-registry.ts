import { notFound, messages } from '../errors/index.js';
import type { VolumeDriver } from './volume-driver.js';

/**
 * The drivers a daemon knows, by exact name. (Docker resolves `plugin` and `plugin:latest` alike only
 * for managed plugins; built-in drivers such as `local` match exactly, so `local:latest` is unknown.)
 */
export class DriverRegistry {
  private readonly drivers = new Map<string, VolumeDriver>();

  register(driver: VolumeDriver): void {
    this.drivers.set(driver.name, driver);
  }

  /** The driver called `name`, or a not-found error with Docker's plugin lookup text. */
  get(name: string): VolumeDriver {
    const driver = this.drivers.get(name);
    if (!driver) throw notFound(messages.pluginNotFound(name));
    return driver;
  }

  has(name: string): boolean {
    return this.drivers.has(name);
  }

  all(): VolumeDriver[] {
    return [...this.drivers.values()];
  }
}
