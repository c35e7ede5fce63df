import { invalidParameter, messages } from '../../errors/index.js';

const ramPattern = /^(\d+(\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$/;
const unitPower: Record<string, number> = { k: 1, m: 2, g: 3, t: 4, p: 5 };

/**
 * go-units RAMInBytes: `2G`, `512m`, `1.5GiB`, `100` → bytes, binary units, case-insensitive.
 * Throws Docker's `invalid size: '<raw>'` (invalid-parameter, as Docker v23+ reports it).
 */
export function parseRamInBytes(raw: string): number {
  const m = ramPattern.exec(raw);
  const numeral = m?.[1];
  if (!m || numeral === undefined || (numeral.match(/\./g)?.length ?? 0) > 1) {
    throw invalidParameter(messages.invalidSize(raw));
  }
  const unit = m[3]?.toLowerCase();
  const mult = unit === undefined ? 1 : 1024 ** (unitPower[unit] ?? 0);
  return Math.trunc(Number(numeral) * mult);
}
