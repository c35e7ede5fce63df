import { describe, it } from 'vitest';
import { makeRuncFixture, runcUnavailableReason } from '../../test/helpers/busybox-rootfs.js';
import { runContainerRuntimeContract } from './container-runtime.contract.js';

const unavailable = runcUnavailableReason();

if (unavailable) {
  describe('ContainerRuntime contract: RuncRuntime', () => {
    it.skip(`skipped: ${unavailable}`, () => {});
  });
} else {
  runContainerRuntimeContract('RuncRuntime', async () => {
    const f = makeRuncFixture();
    return { runtime: f.runtime, layers: [f.layer], cleanup: f.cleanup };
  });
}
