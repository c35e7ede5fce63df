import { runContainerRuntimeContract } from './container-runtime.contract.js';
import { FakeRuntime } from './fake-runtime.js';

runContainerRuntimeContract('FakeRuntime', async () => {
  const runtime = new FakeRuntime();
  return { runtime, layers: [], cleanup: async () => runtime.dispose() };
});
