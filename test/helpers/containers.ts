import { buildBusyboxRootfs, busyboxUnavailableReason } from './busybox-image.js';
import { runcUnavailableReason } from './busybox-rootfs.js';
import { dockerCliAvailable } from './docker-cli.js';

export { buildBusyboxRootfs };

/** Why the end-to-end container tests cannot run here (root, runc, busybox-static, the docker CLI). */
export function containerE2eSkipReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'containers need root';
  return (
    runcUnavailableReason() ??
    busyboxUnavailableReason() ??
    (dockerCliAvailable() ? undefined : 'no docker CLI')
  );
}
