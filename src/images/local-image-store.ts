/**
 * The image store the daemon runs: images under `<data-root>/images` (see disk-storage.ts for the
 * layout), names in `repositories.json`. Construction loads everything and cleans what a crash left
 * (partial layers, temp files, configs whose layers are missing, names of missing images).
 */
import { join } from 'node:path';
import { DiskStorage } from './disk-storage.js';
import { ImageService } from './image-service.js';
import { ReferenceStore } from './reference-store.js';

export interface LocalImageStoreOptions {
  /** `<data-root>/images` */
  root: string;
  /** Engine version written into imported image configs (`docker_version`). */
  engineVersion: string;
  /** Go's GOARCH of this machine (`amd64`, `arm64`). */
  architecture: string;
  /** Override which registries are plain-http (default: Docker's 127.0.0.0/8 rule). */
  insecureHosts?: (host: string) => boolean;
  /** Image events (see ImageServiceOptions.events). */
  events?: (action: string, actorId: string, attributes: Record<string, string>) => void;
}

export function createLocalImageStore(o: LocalImageStoreOptions): ImageService {
  const storage = new DiskStorage(o.root);
  return new ImageService({
    storage,
    refs: new ReferenceStore(join(o.root, 'repositories.json')),
    platform: { os: 'linux', architecture: o.architecture },
    engineVersion: o.engineVersion,
    ...(o.insecureHosts ? { registry: { insecureHosts: o.insecureHosts } } : {}),
    ...(o.events ? { events: o.events } : {}),
  });
}
