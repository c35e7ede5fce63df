import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { goErrnoMessage } from '../../errors/index.js';
import type { LocalMountOptions } from './local-options.js';

/**
 * Mounts a local volume's filesystem. mount(8) rather than mount(2): it runs the helpers that FUSE
 * types (`fuse.sshfs`, `fuse.bindfs`), NFS and CIFS need, which a bare syscall cannot.
 */
export interface Mounter {
  mount(opts: LocalMountOptions, target: string): Promise<void>;
  /** Detaches the filesystem (lazily, as moby's mount.Unmount does). */
  unmount(target: string): Promise<void>;
}

/** moby/sys/mount's flag table: the `o` words that become mount(2) flags (the rest is data). */
const flagWords: Record<string, [clear: boolean, flag: number]> = {
  defaults: [false, 0],
  ro: [false, 0x1],
  rw: [true, 0x1],
  suid: [true, 0x2],
  nosuid: [false, 0x2],
  dev: [true, 0x4],
  nodev: [false, 0x4],
  exec: [true, 0x8],
  noexec: [false, 0x8],
  sync: [false, 0x10],
  async: [true, 0x10],
  remount: [false, 0x20],
  mand: [false, 0x40],
  nomand: [true, 0x40],
  dirsync: [false, 0x80],
  atime: [true, 0x400],
  noatime: [false, 0x400],
  diratime: [true, 0x800],
  nodiratime: [false, 0x800],
  bind: [false, 0x1000],
  rbind: [false, 0x1000 | 0x4000],
  relatime: [false, 0x200000],
  norelatime: [true, 0x200000],
  strictatime: [false, 0x1000000],
  nostrictatime: [true, 0x1000000],
};

/** Splits `o` into mount(2) flags and the data string, as moby's parseOptions does. */
export function parseMountOptions(o: string): { flags: number; data: string } {
  let flags = 0;
  const data: string[] = [];
  for (const word of o.split(',')) {
    if (word === '') continue;
    const f = flagWords[word];
    if (f) flags = f[0] ? flags & ~f[1] : flags | f[1];
    else data.push(word);
  }
  return { flags, data: data.join(',') };
}

/** moby/sys/mount mountError text: `mount <src>:<target>, flags: 0x…, data: …: <cause>`. */
export function mountErrorText(opts: LocalMountOptions, target: string, cause: string): string {
  const { flags, data } = parseMountOptions(opts.mountOpts);
  let out = `mount ${opts.mountDevice !== '' ? `${opts.mountDevice}:${target}` : target}`;
  if (flags !== 0) out += `, flags: 0x${flags.toString(16)}`;
  if (data !== '') out += `, data: ${data}`;
  return `${out}: ${cause}`;
}

/** The errno-like cause in mount(8)'s complaint, spelled as Go would. */
function causeOf(opts: LocalMountOptions, stderr: string): string {
  const isBind = /(^|,)r?bind(,|$)/.test(opts.mountOpts);
  if (isBind && opts.mountDevice !== '' && !existsSync(opts.mountDevice)) {
    return goErrnoMessage({ code: 'ENOENT' });
  }
  const text = stderr.trim().replace(/^mount(\.\S+)?: /, '');
  if (/unknown filesystem type/.test(text)) return goErrnoMessage({ code: 'ENODEV' });
  if (/does not exist|No such file/.test(text)) return goErrnoMessage({ code: 'ENOENT' });
  if (/permission denied|must be superuser/i.test(text)) return goErrnoMessage({ code: 'EPERM' });
  return text.split('\n')[0] ?? 'mount failed';
}

function run(cmd: string, args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: 120_000 }, (err, _stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stderr: String(stderr || (err ? err.message : '')) });
    });
  });
}

export class SystemMounter implements Mounter {
  async mount(opts: LocalMountOptions, target: string): Promise<void> {
    const args: string[] = [];
    if (opts.mountType !== '') args.push('-t', opts.mountType);
    if (opts.mountOpts !== '') args.push('-o', opts.mountOpts);
    args.push('--', opts.mountDevice === '' ? 'none' : opts.mountDevice, target);
    const { code, stderr } = await run('mount', args);
    if (code !== 0) throw new Error(mountErrorText(opts, target, causeOf(opts, stderr)));
  }

  async unmount(target: string): Promise<void> {
    const { code, stderr } = await run('umount', ['-l', '--', target]);
    if (code !== 0 && !/not mounted/.test(stderr)) {
      throw new Error(`unmount ${target}: ${stderr.trim().replace(/^umount: /, '')}`);
    }
  }
}
