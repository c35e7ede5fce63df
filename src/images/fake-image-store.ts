/**
 * An in-memory image store for the engine's unit tests: the same image logic as the daemon's store
 * (import, load, pull, tag, delete, lookups), over memory instead of disk. Layer paths are made up
 * (`/fake-images/layers/<hex>/diff`) and nothing is unpacked. Passes image-store.contract.ts.
 */
import { ImageService } from './image-service.js';
import { MemoryStorage } from './memory-storage.js';
import { ReferenceStore } from './reference-store.js';

export function createFakeImageStore(
  opts: {
    now?: () => Date;
    events?: (action: string, id: string, attributes: Record<string, string>) => void;
  } = {},
): ImageService {
  return new ImageService({
    storage: new MemoryStorage(),
    refs: new ReferenceStore(),
    platform: { os: 'linux', architecture: 'amd64' },
    engineVersion: 'fake',
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.events ? { events: opts.events } : {}),
  });
}
