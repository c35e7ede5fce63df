/**
 * moby/sys/mount flags_linux.go: mount flag words (value = the MS_* bit they set or clear). Words
 * with the same bit collide in MergeTmpfsOptions (`exec` and `noexec`, `ro` and `rw`).
 */
const flagBits: Record<string, number> = {
  ro: 0x1,
  rw: 0x1,
  suid: 0x2,
  nosuid: 0x2,
  dev: 0x4,
  nodev: 0x4,
  exec: 0x8,
  noexec: 0x8,
  sync: 0x10,
  async: 0x10,
  remount: 0x20,
  mand: 0x40,
  nomand: 0x40,
  dirsync: 0x80,
  atime: 0x400,
  noatime: 0x400,
  diratime: 0x800,
  nodiratime: 0x800,
  bind: 0x1000,
  rbind: 0x1000 | 0x4000,
  unbindable: 0x20000,
  runbindable: 0x20000 | 0x4000,
  private: 0x40000,
  rprivate: 0x40000 | 0x4000,
  slave: 0x80000,
  rslave: 0x80000 | 0x4000,
  shared: 0x100000,
  rshared: 0x100000 | 0x4000,
  relatime: 0x200000,
  norelatime: 0x200000,
  strictatime: 0x1000000,
  nostrictatime: 0x1000000,
};

const propagationWords = new Set([
  'bind',
  'rbind',
  'unbindable',
  'runbindable',
  'private',
  'rprivate',
  'shared',
  'rshared',
  'slave',
  'rslave',
]);

/** moby/sys/mount validFlags: the data options a tmpfs accepts. */
const validTmpfsData = new Set(['size', 'mode', 'uid', 'gid', 'nr_inodes', 'nr_blocks', 'mpol']);

/** Go's %q of a []string, as in `invalid tmpfs option ["x"]`. */
function quoteList(items: string[]): string {
  return `[${items.map((i) => JSON.stringify(i)).join(' ')}]`;
}

/**
 * moby/sys/mount MergeTmpfsOptions: drops duplicates, the last word of each flag bit (one for all
 * propagation words) and of each data key winning, in their original order.
 */
export function mergeTmpfsOptions(options: string[]): string[] {
  const flagSeen = new Set<number>();
  const dataSeen = new Set<string>();
  const out: string[] = [];
  for (let i = options.length - 1; i >= 0; i--) {
    const option = options[i] as string;
    if (option === 'defaults') continue;
    const bit = flagBits[option];
    if (bit !== undefined) {
      const key = propagationWords.has(option) ? -1 : bit;
      if (!flagSeen.has(key)) {
        out.unshift(option);
        flagSeen.add(key);
      }
      continue;
    }
    const eq = option.indexOf('=');
    const parts = eq < 0 ? [option] : [option.slice(0, eq), option.slice(eq + 1)];
    if (parts.length !== 2 || !validTmpfsData.has(parts[0] as string)) {
      throw new Error(`invalid tmpfs option ${quoteList(parts)}`);
    }
    if (!dataSeen.has(parts[0] as string)) {
      out.unshift(option);
      dataSeen.add(parts[0] as string);
    }
  }
  return out;
}
