/**
 * github.com/docker/go-units size formatting, as docker's CLI prints sizes.
 *
 *   humanSize(bytes)          HumanSize: decimal units (B kB MB GB TB PB EB ZB YB), `%.4g`:
 *                             0 → `0B`, 8 → `8B`, 1024 → `1.024kB`, 2000 → `2kB`, 1e6 → `1MB`.
 *                             `volume prune` prints `Total reclaimed space: <humanSize>`; `system df`
 *                             sizes and `volume ls --format '{{.Size}}'` use it too.
 *   humanSizeWithPrecision(bytes, precision)   the same with `%.<precision>g`.
 *   bytesSize(bytes)          BytesSize: binary units (B KiB MiB …), `%.4g`: 1024 → `1KiB`.
 *
 * Rounding is Go's (`%g` rounds half to even on the exact binary value). Negative sizes keep their
 * sign and the `B` unit, as in Go.
 */
import { formatGoFloat } from './go-float.js';

const DECIMAL = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
const BINARY = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'];

function sizeAndUnit(size: number, base: number, units: readonly string[]): [number, string] {
  let s = size;
  let i = 0;
  while (s >= base && i < units.length - 1) {
    s /= base;
    i++;
  }
  return [s, units[i] as string];
}

/** units.HumanSizeWithPrecision. */
export function humanSizeWithPrecision(size: number, precision: number): string {
  const [s, unit] = sizeAndUnit(size, 1000, DECIMAL);
  return formatGoFloat(s, 'g', precision) + unit;
}

/** units.HumanSize. */
export function humanSize(size: number): string {
  return humanSizeWithPrecision(size, 4);
}

/** units.BytesSize. */
export function bytesSize(size: number): string {
  const [s, unit] = sizeAndUnit(size, 1024, BINARY);
  return formatGoFloat(s, 'g', 4) + unit;
}

/**
 * units.HumanDuration: `Less than a second`, `5 seconds`, `About a minute`, `3 hours`, `2 weeks`…
 * (docker ps' CREATED and STATUS columns).
 */
export function humanDuration(ms: number): string {
  const s = Math.trunc(ms / 1000);
  const min = Math.trunc(ms / 60_000);
  const hr = Math.trunc(ms / 3_600_000 + 0.5);
  const steps: Array<[boolean, () => string]> = [
    [s < 1, () => 'Less than a second'],
    [s === 1, () => '1 second'],
    [s < 60, () => `${s} seconds`],
    [min === 1, () => 'About a minute'],
    [min < 60, () => `${min} minutes`],
    [hr === 1, () => 'About an hour'],
    [hr < 48, () => `${hr} hours`],
    [hr < 24 * 14, () => `${Math.trunc(hr / 24)} days`],
    [hr < 24 * 60, () => `${Math.trunc(hr / 24 / 7)} weeks`],
    [hr < 24 * 730, () => `${Math.trunc(hr / 24 / 30)} months`],
  ];
  const hit = steps.find(([when]) => when);
  return hit ? hit[1]() : `${Math.trunc(Math.trunc(ms / 3_600_000) / 24 / 365)} years`;
}
