/**
 * The client's view of image references (distribution/reference as the docker CLI uses it): parse
 * and normalise `busybox` to `docker.io/library/busybox`, show it back in the familiar form, with
 * the library's error texts. The engine keeps its own copy in src/images (the CLI may not import it).
 */
export interface ImageRef {
  /** `docker.io`, `127.0.0.1:5000`, … */
  domain: string;
  /** `library/busybox` */
  path: string;
  tag?: string;
  digest?: string;
}

const hubDomain = 'docker.io';
const library = 'library/';

const component = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const hostLabel = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const hostPort = `(?:${hostLabel}(?:\\.${hostLabel})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const fullRef = new RegExp(
  `^((?:${hostPort}/)?${component}(?:/${component})*)(?::([\\w][\\w.-]{0,127}))?` +
    '(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9A-Fa-f]{32,}))?$',
);
const hex64 = /^[a-f0-9]{64}$/;

/** A digest the library accepts: sha256/384/512 with the right length of lower-case hex. */
function checkDigest(d: string): string {
  const [alg, hex = ''] = d.split(/:(.*)/s);
  const want = { sha256: 64, sha384: 96, sha512: 128 }[alg as string];
  if (!want) {
    const known = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/.test(d);
    throw new Error(known ? 'unsupported digest algorithm' : 'invalid digest format');
  }
  if (hex.length !== want) throw new Error('invalid checksum digest length');
  if (!/^[a-f0-9]+$/.test(hex)) throw new Error('invalid digest format');
  return d;
}

/** reference.ParseNormalizedNamed. */
export function parseNormalizedNamed(s: string): ImageRef {
  if (hex64.test(s)) {
    throw new Error(`invalid repository name (${s}), cannot specify 64-byte hexadecimal strings`);
  }
  let domain = hubDomain;
  let rest = s;
  const slash = s.indexOf('/');
  if (slash >= 0) {
    const first = s.slice(0, slash);
    if (first === 'index.docker.io') rest = s.slice(slash + 1);
    else if (first === 'localhost' || /[.:]/.test(first) || first !== first.toLowerCase()) {
      domain = first;
      rest = s.slice(slash + 1);
    }
  }
  if (domain === hubDomain && !rest.includes('/')) rest = library + rest;
  const colon = rest.indexOf(':');
  const repo = colon < 0 ? rest : rest.slice(0, colon);
  if (repo !== repo.toLowerCase()) {
    throw new Error(`invalid reference format: repository name (${repo}) must be lowercase`);
  }
  const full = `${domain}/${rest}`;
  const m = fullRef.exec(full);
  if (!m) {
    if (fullRef.test(full.toLowerCase())) throw new Error('repository name must be lowercase');
    throw new Error('invalid reference format');
  }
  const name = m[1] as string;
  if (name.length - domain.length - 1 > 255) {
    throw new Error('repository name must not be more than 255 characters');
  }
  const ref: ImageRef = { domain, path: name.slice(domain.length + 1) };
  if (m[2] !== undefined) ref.tag = m[2];
  if (m[3] !== undefined) ref.digest = checkDigest(m[3]);
  return ref;
}

/** reference.ParseAnyReference: a bare id or digest names no repository (undefined). */
export function parseAnyReference(s: string): ImageRef | undefined {
  if (hex64.test(s)) return undefined;
  if (/^[^/:]+:/.test(s) && !s.includes('/')) {
    try {
      checkDigest(s);
      return undefined;
    } catch {
      // a name with a tag
    }
  }
  return parseNormalizedNamed(s);
}

/** reference.TagNameOnly: a bare name gets `:latest`. */
export const withDefaultTag = (r: ImageRef): ImageRef =>
  r.tag === undefined && r.digest === undefined ? { ...r, tag: 'latest' } : r;

/** reference.Named.Name(): `docker.io/library/busybox`. */
export const fullName = (r: ImageRef): string => `${r.domain}/${r.path}`;

/** reference.FamiliarName: `busybox`, `user/app`, `127.0.0.1:5000/busybox`. */
export function familiarName(r: ImageRef): string {
  if (r.domain !== hubDomain) return fullName(r);
  const short = r.path.slice(library.length);
  return r.path.startsWith(library) && !short.includes('/') ? short : r.path;
}

/** reference.FamiliarString: the familiar name with `:tag` and `@digest`. */
export const familiarString = (r: ImageRef): string =>
  familiarName(r) + (r.tag !== undefined ? `:${r.tag}` : '') + (r.digest ? `@${r.digest}` : '');

/** reference.String(): the full name with `:tag` and `@digest`. */
export const refString = (r: ImageRef): string =>
  fullName(r) + (r.tag !== undefined ? `:${r.tag}` : '') + (r.digest ? `@${r.digest}` : '');
