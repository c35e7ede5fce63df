import { notFound, messages } from '../errors/index.js';
import type { VolumeDriver } from './volume-driver.js';

/** The drivers a daemon knows, by name. Docker resolves `plugin` and `plugin:latest` alike. */
export class DriverRegistry {
  private readonly drivers = new Map<string, VolumeDriver>();

  register(driver: VolumeDriver): void {
    this.drivers.set(canonicalDriverName(driver.name), driver);
  }

  /** The driver called `name`, or a not-found error with Docker's plugin lookup text. */
  get(name: string): VolumeDriver {
    const driver = this.drivers.get(canonicalDriverName(name));
    if (!driver) throw notFound(messages.pluginNotFound(name));
    return driver;
  }

  has(name: string): boolean {
    return this.drivers.has(canonicalDriverName(name));
  }

  all(): VolumeDriver[] {
    return [...this.drivers.values()];
  }
}

/** `name:latest` and `name` are the same driver, as Docker's plugin getter treats them. */
export function canonicalDriverName(name: string): string {
  return name.endsWith(':latest') ? name.slice(0, -':latest'.length) : name;
}
