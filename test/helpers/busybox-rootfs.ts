// An unpacked busybox root filesystem for runtime tests: Debian's static /bin/busybox, a symlink
// per applet, /etc/passwd and /etc/group with root, nobody and `tester` (1000:1000), /tmp 1777.
// And a RuncRuntime on a temp dir with that rootfs as its only layer, for the runtime's tests.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { defaultMonitorPath } from '../../src/runtime/monitor-launcher.js';
import { RuncRuntime } from '../../src/runtime/runc-runtime.js';

export const BUSYBOX = '/bin/busybox';

/** Why a busybox rootfs cannot be made here, or undefined when it can. */
export function busyboxUnavailableReason(): string | undefined {
  if (!existsSync(BUSYBOX)) return `${BUSYBOX} is missing (apt-get install busybox-static)`;
  if (hasInterpreter(readFileSync(BUSYBOX))) return `${BUSYBOX} is not static (busybox-static)`;
  return undefined;
}

/** Whether a 64-bit little-endian ELF file asks for a dynamic loader (a PT_INTERP header). */
function hasInterpreter(elf: Buffer): boolean {
  const phoff = Number(elf.readBigUInt64LE(0x20));
  const phentsize = elf.readUInt16LE(0x36);
  const phnum = elf.readUInt16LE(0x38);
  for (let i = 0; i < phnum; i++) {
    if (elf.readUInt32LE(phoff + i * phentsize) === 3) return true;
  }
  return false;
}

const passwd = [
  'root:x:0:0:root:/root:/bin/sh',
  'tester:x:1000:1000:tester:/home/tester:/bin/sh',
  'nobody:x:65534:65534:nobody:/nonexistent:/bin/false',
  '',
].join('\n');

const group = ['root:x:0:', 'tester:x:1000:', 'staff:x:50:tester', 'nogroup:x:65534:', ''].join('\n');

/** Writes the rootfs into `dir` (created if missing) and returns `dir`. */
export function makeBusyboxRootfs(dir: string): string {
  mkdirSync(join(dir, 'bin'), { recursive: true });
  copyFileSync(BUSYBOX, join(dir, 'bin/busybox'));
  chmodSync(join(dir, 'bin/busybox'), 0o755);
  const applets = execFileSync(BUSYBOX, ['--list-full'], { encoding: 'utf8' }).split('\n');
  for (const applet of applets) {
    if (applet === '' || applet === 'bin/busybox') continue;
    const link = join(dir, applet);
    if (existsSync(link)) continue;
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync('/bin/busybox', link);
  }
  for (const d of ['etc', 'root', 'home/tester', 'proc', 'sys', 'dev', 'var']) {
    mkdirSync(join(dir, d), { recursive: true });
  }
  mkdirSync(join(dir, 'tmp'), { recursive: true });
  chmodSync(join(dir, 'tmp'), 0o1777);
  writeFileSync(join(dir, 'etc/passwd'), passwd);
  writeFileSync(join(dir, 'etc/group'), group);
  return dir;
}

/** Why busybox containers cannot run under runc here, or undefined when they can. */
export function runcUnavailableReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'runc containers need root';
  const busybox = busyboxUnavailableReason();
  if (busybox) return busybox;
  try {
    execFileSync('runc', ['--version'], { stdio: 'ignore' });
  } catch {
    return 'runc is missing (apt-get install runc)';
  }
  if (!readFileSync('/proc/filesystems', 'utf8').includes('overlay')) return 'the kernel has no overlayfs';
  if (!existsSync(defaultMonitorPath())) return `${defaultMonitorPath()} is missing (npm run build)`;
  return undefined;
}

export interface RuncFixture {
  runtime: RuncRuntime;
  /** The busybox rootfs, the only image layer. */
  layer: string;
  base: string;
  /** Every container stopped and removed, the runtime closed, the temp dir deleted. */
  cleanup(): Promise<void>;
}

export function makeRuncFixture(): RuncFixture {
  const base = mkdtempSync(join(tmpdir(), 'strata-runc-'));
  const layer = makeBusyboxRootfs(join(base, 'layer'));
  const runtime = new RuncRuntime({ root: join(base, 'containers') });
  return {
    runtime,
    layer,
    base,
    async cleanup() {
      for (const { id, state } of await runtime.recover()) {
        if (state.status === 'running') {
          await runtime.kill(id, 'KILL').catch(() => undefined);
          await runtime.wait(id);
        }
        await runtime.remove(id);
      }
      runtime.close();
      rmSync(base, { recursive: true, force: true });
    },
  };
}

/** Mount points under `dir` (other processes on the machine may mount elsewhere meanwhile). */
export function mountPointsUnder(dir: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[4] ?? '')
    .filter((p) => p.startsWith(`${dir}/`))
    .sort();
}

/** Polls `check` every 20 ms; throws after `ms` (a bound on a hang, not a timing assertion). */
export async function pollUntil(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
