/**
 * Content digests (github.com/opencontainers/go-digest): `algorithm:hex`, with go-digest's error
 * texts. Only sha256 is produced; sha384 and sha512 are accepted where a registry names them.
 */
import { createHash } from 'node:crypto';

export const errDigestInvalidFormat = 'invalid checksum digest format';
export const errDigestInvalidLength = 'invalid checksum digest length';
export const errDigestUnsupported = 'unsupported digest algorithm';

const hexLengths: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };
const digestAnchored = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

/** digest.Parse: returns the digest or throws go-digest's error. */
export function parseDigest(s: string): string {
  const i = s.indexOf(':');
  if (i <= 0 || i + 1 === s.length) throw new Error(errDigestInvalidFormat);
  const algorithm = s.slice(0, i);
  const encoded = s.slice(i + 1);
  const size = hexLengths[algorithm];
  if (size === undefined) {
    throw new Error(digestAnchored.test(s) ? errDigestUnsupported : errDigestInvalidFormat);
  }
  if (encoded.length !== size) throw new Error(errDigestInvalidLength);
  if (!/^[a-f0-9]+$/.test(encoded)) throw new Error(errDigestInvalidFormat);
  return s;
}

export function sha256Digest(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** The hex part of `sha256:<hex>`. */
export function digestHex(digest: string): string {
  const i = digest.indexOf(':');
  return i < 0 ? digest : digest.slice(i + 1);
}

/** stringid.TruncateID: the first 12 characters of the hex part. */
export function shortId(id: string): string {
  return digestHex(id).slice(0, 12);
}

/** Layer chain ids (moby layer.CreateChainID): the first is the diff id, each next hashes "parent diff". */
export function chainIds(diffIds: readonly string[]): string[] {
  const out: string[] = [];
  for (const d of diffIds) {
    const parent = out[out.length - 1];
    out.push(parent === undefined ? d : sha256Digest(`${parent} ${d}`));
  }
  return out;
}
