import { humanDuration, humanSize } from '../format/go-units.js';
import type { Volume } from '../types/index.js';

/**
 * How docker/cli shows a volume: the `volume ls` row values (formatter/volume.go volumeContext) and
 * the `volume inspect` struct fields. Kept free of the template engine so the default outputs render
 * without loading it.
 */
export const volumeColumns = {
  Name: 'VOLUME NAME',
  Driver: 'DRIVER',
  Scope: 'SCOPE',
  Mountpoint: 'MOUNTPOINT',
  Labels: 'LABELS',
  Links: 'LINKS',
  Size: 'SIZE',
  Group: 'GROUP',
  Availability: 'AVAILABILITY',
  Status: 'STATUS',
  ID: 'ID',
} as const;

/**
 * The SIZE cell of `strata volume ls --size`: docker's HumanSize, `N/A` when unknown, and for an
 * estimate `~SIZE (AGE ago)`.
 */
export function sizeCell(v: Volume, now: number): string {
  const size = v.UsageData?.Size;
  if (size === undefined || size < 0) return 'N/A';
  if (!v.SizeEstimated) return humanSize(size);
  const at = v.SizeMeasuredAt ? Date.parse(v.SizeMeasuredAt) : NaN;
  const age = Number.isNaN(at) ? '' : ` (${humanDuration(Math.max(0, now - at)).toLowerCase()} ago)`;
  return `~${humanSize(size)}${age}`;
}

/** `k=v` pairs joined by commas (sorted; docker 28 prints them in map order), "" for none. */
export function joinLabels(labels: Record<string, string> | null): string {
  if (labels === null) return '';
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',');
}

/** The volume as docker's CLI re-marshals it: Go field order, empty optional fields dropped. */
export function inspectObject(v: Volume & { ClusterVolume?: unknown }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (v.ClusterVolume !== undefined && v.ClusterVolume !== null) out.ClusterVolume = v.ClusterVolume;
  if (v.CreatedAt) out.CreatedAt = v.CreatedAt;
  out.Driver = v.Driver;
  out.Labels = sortKeys(v.Labels);
  out.Mountpoint = v.Mountpoint;
  out.Name = v.Name;
  out.Options = sortKeys(v.Options);
  out.Scope = v.Scope;
  if (v.Status && Object.keys(v.Status).length > 0)
    out.Status = sortKeys(v.Status as Record<string, unknown>);
  if (v.UsageData) out.UsageData = { RefCount: v.UsageData.RefCount, Size: v.UsageData.Size };
  // Strata's own, dropped when empty as Go's omitempty would: unused volumes print as docker's do.
  if (v.UsedBy && v.UsedBy.length > 0)
    out.UsedBy = v.UsedBy.map((u) => ({ Id: u.Id, Name: u.Name, Running: u.Running }));
  if (v.LastMounted) out.LastMounted = v.LastMounted;
  if (v.LastUnmounted) out.LastUnmounted = v.LastUnmounted;
  // An exact size needs no date; an estimate says when it was counted.
  if (v.SizeEstimated) {
    out.SizeEstimated = true;
    if (v.SizeMeasuredAt) out.SizeMeasuredAt = v.SizeMeasuredAt;
  }
  return out;
}

function sortKeys<T>(m: Record<string, T> | null | undefined): Record<string, T> | null {
  if (m === null || m === undefined) return null;
  return Object.fromEntries(
    Object.keys(m)
      .sort()
      .map((k) => [k, m[k] as T]),
  );
}

/** Go json.Marshal text: `<`, `>`, `&` escaped as \u003c…, U+2028/2029 escaped. */
export function goMarshal(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Go json.MarshalIndent(v, "", "    "). */
export function goMarshalIndent(value: unknown): string {
  return indentJson(goMarshal(value), '    ');
}

/** Go json.Indent over compact JSON text: one value per line, empty `{}`/`[]` kept on one line. */
export function indentJson(compact: string, indent: string): string {
  let out = '';
  let depth = 0;
  let inString = false;
  for (let i = 0; i < compact.length; i++) {
    const c = compact[i] as string;
    if (inString) {
      out += c;
      if (c === '\\') out += compact[++i] ?? '';
      else if (c === '"') inString = false;
      continue;
    }
    switch (c) {
      case '"':
        inString = true;
        out += c;
        break;
      case '{':
      case '[': {
        const close = c === '{' ? '}' : ']';
        if (compact[i + 1] === close) {
          out += c + close;
          i++;
        } else {
          depth++;
          out += `${c}\n${indent.repeat(depth)}`;
        }
        break;
      }
      case '}':
      case ']':
        depth--;
        out += `\n${indent.repeat(depth)}${c}`;
        break;
      case ',':
        out += `,\n${indent.repeat(depth)}`;
        break;
      case ':':
        out += ': ';
        break;
      default:
        out += c;
    }
  }
  return out;
}
