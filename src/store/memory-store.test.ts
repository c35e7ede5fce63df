import { runMetadataStoreContract } from './metadata-store.contract.js';
import { MemoryStore } from './memory-store.js';

runMetadataStoreContract('MemoryStore', () => ({ store: new MemoryStore() }), { durable: false });
