import { stringWidth } from '../format/rune-width.js';

/**
 * Small Go-isms the container and image listings print: time.Time.String(), stringid.TruncateID and
 * docker's formatter.Ellipsis.
 */

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/**
 * time.Unix(sec, 0).String() in the local zone: `2006-01-02 15:04:05 -0700 MST`. The zone's name is
 * what Intl calls it (`UTC`, `EST`; Go would say `CET` where Intl says `GMT+1`).
 */
export function goTimeString(unixSeconds: number): string {
  const d = new Date(unixSeconds * 1000);
  const offset = -d.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const zoneName =
    new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' })
      .formatToParts(d)
      .find((p) => p.type === 'timeZoneName')?.value ?? '';
  const zone = zoneName === 'GMT' && offset === 0 ? 'UTC' : zoneName;
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ` +
    `${sign}${pad(Math.trunc(Math.abs(offset) / 60))}${pad(Math.abs(offset) % 60)} ${zone}`
  );
}

/** stringid.TruncateID: the part after `algo:`, at most 12 characters. */
export function truncateId(id: string): string {
  const colon = id.indexOf(':');
  return (colon >= 0 ? id.slice(colon + 1) : id).slice(0, 12);
}

/** formatter.Ellipsis: at most `width` display columns, the last one `…` when cut. */
export function ellipsis(s: string, width: number): string {
  if (width <= 0) return '';
  const runes = [...s];
  if (width === 1) return runes[0] ?? '';
  if (stringWidth(s) <= width) return s;
  let used = 0;
  let out = '';
  for (const r of runes) {
    const w = stringWidth(r);
    if (used + w > width - 1) break;
    used += w;
    out += r;
  }
  return `${out}…`;
}
