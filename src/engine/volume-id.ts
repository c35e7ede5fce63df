import { randomBytes } from 'node:crypto';

/** moby stringid.GenerateRandomID: 64 hex chars whose 12-char prefix is not all digits. */
export function generateVolumeId(): string {
  for (;;) {
    const id = randomBytes(32).toString('hex');
    if (!/^\d{12}/.test(id)) return id;
  }
}
