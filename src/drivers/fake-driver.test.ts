import { runVolumeDriverContract } from './volume-driver.contract.js';
import { FakeDriver } from './fake-driver.js';

runVolumeDriverContract('FakeDriver', async () => ({ driver: new FakeDriver() }), {
  persistent: false,
});
