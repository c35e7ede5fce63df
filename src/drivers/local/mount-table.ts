import { readFileSync } from 'node:fs';

/** Mount points of this process's mount namespace (/proc/self/mountinfo field 5, unescaped). */
export function readMountPoints(mountinfo = '/proc/self/mountinfo'): string[] {
  let text: string;
  try {
    text = readFileSync(mountinfo, 'utf8');
  } catch {
    return [];
  }
  const points: string[] = [];
  for (const line of text.split('\n')) {
    const point = line.split(' ')[4];
    if (point !== undefined) points.push(unescapeMountField(point));
  }
  return points;
}

/** mountinfo escapes space, tab, newline and backslash as octal `\NNN`. */
export function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** Every mount point at `dir` or below it. */
export function mountsAtOrBelow(dir: string, points = readMountPoints()): string[] {
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  return points.filter((p) => p === dir || p.startsWith(prefix));
}
