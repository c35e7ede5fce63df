import { readFileSync } from 'node:fs';

export interface MountEntry {
  mountPoint: string;
  /** mountinfo's optional fields: `shared:N`, `master:N`, … */
  optional: string[];
  fsType: string;
}

/** mountinfo escapes space, tab, newline and backslash as octal `\NNN`. */
function unescape(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** The mounts of this process's mount namespace, in mount order. */
export function readMountTable(mountinfo = '/proc/self/mountinfo'): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of readFileSync(mountinfo, 'utf8').split('\n')) {
    const fields = line.split(' ');
    const sep = fields.indexOf('-');
    const point = fields[4];
    if (sep < 6 || point === undefined) continue;
    out.push({
      mountPoint: unescape(point),
      optional: fields.slice(6, sep),
      fsType: fields[sep + 1] ?? '',
    });
  }
  return out;
}

/** Mount points at `dir` or below it. */
export function mountsAtOrBelow(dir: string, table = readMountTable()): string[] {
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  return table.map((m) => m.mountPoint).filter((p) => p === dir || p.startsWith(prefix));
}

export function isMountPoint(path: string, table = readMountTable()): boolean {
  return table.some((m) => m.mountPoint === path);
}

/** The mount that holds `path` (moby's getSourceMount): the longest mount point prefixing it. */
export function mountOf(path: string, table = readMountTable()): MountEntry | undefined {
  let best: MountEntry | undefined;
  for (const m of table) {
    const prefix = m.mountPoint === '/' ? '/' : `${m.mountPoint}/`;
    if (path !== m.mountPoint && !path.startsWith(prefix)) continue;
    if (!best || m.mountPoint.length >= best.mountPoint.length) best = m;
  }
  return best;
}
