import { createFakeImageStore } from './fake-image-store.js';
import { imageStoreContract } from './image-store.contract.js';

imageStoreContract('fake (memory)', async () => {
  const store = createFakeImageStore();
  return { store, reopen: async () => store, cleanup: async () => undefined };
});
