import { createFakeImageStore } from './fake-image-store.js';
import { imageStoreContract, recordEvents, type ImageEventRecord } from './image-store.contract.js';

imageStoreContract('fake (memory)', async () => {
  const events: ImageEventRecord[] = [];
  const store = createFakeImageStore({ events: recordEvents(events) });
  return { store, reopen: async () => store, cleanup: async () => undefined, events };
});
