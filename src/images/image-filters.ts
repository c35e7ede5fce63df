/**
 * `GET /images/json` selection as moby daemon/images/image_list.go (v28.2.2): accepted filters
 * `dangling`, `label`, `before`, `since`, `reference`, `until`; with a `reference` filter an image
 * shows only the names that match (and is left out when none does); the result is newest first.
 */
import { parseDuration } from './go-duration.js';
import type { ImageRecord } from './image-store.js';
import { familiarMatch, familiarString, type Reference } from './reference.js';

export type FilterArgs = Readonly<Record<string, readonly string[]>>;

const accepted = new Set(['dangling', 'label', 'before', 'since', 'reference', 'until']);

/** An image with its references, as the list sees it. */
export interface ListEntry {
  record: ImageRecord;
  refs: Reference[];
}

/** moby's invalidFilter text: `invalid filter 'key'` / `invalid filter 'key=[v1 v2]'`. */
export function invalidFilterText(key: string, values?: readonly string[]): string {
  return values === undefined ? `invalid filter '${key}'` : `invalid filter '${key}=[${values.join(' ')}]'`;
}

export class FilterError extends Error {}

export function selectImages(
  entries: readonly ListEntry[],
  filters: FilterArgs,
  resolveCreated: (ref: string) => string,
  now: Date = new Date(),
): ImageRecord[] {
  for (const key of Object.keys(filters))
    if (!accepted.has(key)) throw new FilterError(invalidFilterText(key));
  const dangling = filters.dangling;
  let danglingOnly = false;
  if (dangling !== undefined) {
    if (dangling.length === 0) throw new FilterError(invalidFilterText('dangling'));
    const isFalse = dangling.includes('0') || dangling.includes('false');
    const isTrue = dangling.includes('1') || dangling.includes('true');
    if (isFalse === isTrue) throw new FilterError(invalidFilterText('dangling', [...dangling].sort()));
    danglingOnly = isTrue;
  }
  let before: number | undefined;
  for (const v of filters.before ?? []) {
    const t = createdMs(resolveCreated(v));
    if (t !== undefined && (before === undefined || t < before)) before = t;
  }
  for (const v of filters.until ?? []) {
    const t = timestampMs(v, now);
    if (before === undefined || t < before) before = t;
  }
  let since: number | undefined;
  for (const v of filters.since ?? []) {
    const t = createdMs(resolveCreated(v));
    if (t !== undefined && (since === undefined || t > since)) since = t;
  }
  const patterns = filters.reference;
  const labels = filters.label;
  const out: ImageRecord[] = [];
  for (const { record, refs } of entries) {
    const created = createdMs(record.created);
    if (before !== undefined && (created === undefined || created >= before)) continue;
    if (since !== undefined && (created === undefined || created <= since)) continue;
    if (labels !== undefined && labels.length > 0 && !matchLabels(labels, record.config.Labels ?? null))
      continue;
    const tags: string[] = [];
    const digests: string[] = [];
    for (const ref of refs) {
      if (patterns !== undefined && patterns.length > 0 && !patterns.some((p) => matchPattern(p, ref)))
        continue;
      if (ref.digest !== undefined) digests.push(familiarString(ref));
      if (ref.tag !== undefined) tags.push(familiarString(ref));
    }
    if (tags.length === 0 && digests.length === 0) {
      if (dangling !== undefined && !danglingOnly) continue;
      if (patterns !== undefined) continue;
    } else if (danglingOnly && tags.length > 0) {
      continue;
    }
    out.push({ ...record, repoTags: tags, repoDigests: digests });
  }
  return out.sort(
    (a, b) => (createdMs(b.created) ?? 0) - (createdMs(a.created) ?? 0) || (a.id < b.id ? -1 : 1),
  );
}

function matchPattern(pattern: string, ref: Reference): boolean {
  try {
    return familiarMatch(pattern, ref);
  } catch (err) {
    throw new FilterError((err as Error).message);
  }
}

/** filters.MatchKVList: every `key` or `key=value` must be among the labels. */
function matchLabels(wanted: readonly string[], labels: Record<string, string> | null): boolean {
  if (labels === null || Object.keys(labels).length === 0) return false;
  for (const w of wanted) {
    const eq = w.indexOf('=');
    const key = eq < 0 ? w : w.slice(0, eq);
    if (!(key in labels)) return false;
    if (eq >= 0 && labels[key] !== w.slice(eq + 1)) return false;
  }
  return true;
}

function createdMs(created: string): number | undefined {
  if (created === '') return undefined;
  const t = Date.parse(created);
  return Number.isNaN(t) ? undefined : t;
}

/** moby api/types/time GetTimestamp for `until`: a Go duration before now, unix seconds, or a date. */
function timestampMs(value: string, now: Date): number {
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  try {
    return now.getTime() - parseDuration(value) / 1e6;
  } catch {
    // not a duration
  }
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new FilterError(`failed to parse value as time or duration: "${value}"`);
  return t;
}
