import { invalidParameter, messages } from '../../errors/index.js';

/** moby daemon/names RestrictedNamePattern: what the local driver accepts as a volume name. */
const restrictedName = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** Throws Docker's invalid-parameter error for a name the local driver refuses. */
export function validateLocalVolumeName(name: string): void {
  // Go counts bytes; a one-byte name gets the "too short" text, other short names the pattern text.
  if (Buffer.byteLength(name) === 1) throw invalidParameter(messages.volumeNameTooShort);
  if (!restrictedName.test(name)) throw invalidParameter(messages.invalidVolumeNameChars(name));
}

/** Whether a directory name under the volumes root can be a local volume (others are skipped). */
export function isLocalVolumeName(name: string): boolean {
  return restrictedName.test(name);
}
