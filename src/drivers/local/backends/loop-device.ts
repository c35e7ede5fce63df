import { runCommand } from './run-command.js';

/**
 * Loop devices backed by a file. Strata attaches them through mount(8)'s `-o loop`, which sets
 * autoclear: the device goes away with the last unmount. These helpers find and detach what a crash
 * or a busy lazy unmount left attached.
 */

/** The loop devices (`/dev/loopN`) whose backing file is `file` (matched by inode, as losetup -j does). */
export async function loopDevicesOf(file: string): Promise<string[]> {
  const { stdout } = await runCommand('losetup', ['--associated', file, '--noheadings', '--output', 'NAME']);
  return stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('/dev/'));
}

/**
 * Detaches every loop device backed by `file`. A device still mounted somewhere is only marked for
 * autoclear by the kernel and goes when that mount does; that is not an error.
 */
export async function detachLoopDevices(file: string): Promise<void> {
  let devices: string[];
  try {
    devices = await loopDevicesOf(file);
  } catch {
    return; // the file is gone: no device can be associated by this path any more
  }
  for (const dev of devices) {
    await runCommand('losetup', ['--detach', dev]).catch(() => undefined);
  }
}
