/**
 * Image references as Docker parses them (github.com/distribution/reference, as vendored by moby
 * v28.2.2): `[domain[:port]/]path[:tag][@digest]`, normalised to `docker.io/library/…` for Docker Hub
 * names, shown back in the "familiar" form (`busybox:latest`, `127.0.0.1:5000/busybox`).
 *
 * A reference here is one plain record; Go's Named/Tagged/Canonical interfaces become the presence
 * of `tag` and `digest`. Errors are plain `Error`s with Docker's texts: callers pick the kind.
 */
import { parseDigest } from './digest.js';

export interface Reference {
  /** '' for a name without a domain (only from `WithName`-style parsing; normalised names have one). */
  domain: string;
  path: string;
  tag?: string;
  digest?: string;
}

export const defaultDomain = 'docker.io';
const legacyDefaultDomain = 'index.docker.io';
const officialRepoPrefix = 'library/';
export const defaultTag = 'latest';
const nameTotalLengthMax = 255;

// distribution/reference regexp.go, composed the same way.
const alphanumeric = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const domainNameComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const optionalPort = '(?::[0-9]+)?';
const tagPat = '[\\w][\\w.-]{0,127}';
const digestPat = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}';
const domainName = `${domainNameComponent}(?:\\.${domainNameComponent})*`;
const host = `(?:${domainName}|\\[(?:[a-fA-F0-9:]+)\\])`;
const domainAndPort = host + optionalPort;
const pathComponent = `${alphanumeric}(?:${separator}${alphanumeric})*`;
const remoteName = `${pathComponent}(?:/${pathComponent})*`;
const namePat = `(?:${domainAndPort}/)?${remoteName}`;

const referenceRegexp = new RegExp(`^(${namePat})(?::(${tagPat}))?(?:@(${digestPat}))?$`);
const anchoredNameRegexp = new RegExp(`^(?:(${domainAndPort})/)?(${remoteName})$`);
const anchoredTagRegexp = new RegExp(`^${tagPat}$`);
const anchoredDigestRegexp = new RegExp(`^${digestPat}$`);
const anchoredIdentifierRegexp = /^[a-f0-9]{64}$/;

// distribution/reference reference.go
export const errReferenceInvalidFormat = 'invalid reference format';
export const errTagInvalidFormat = 'invalid tag format';
export const errDigestInvalidFormat = 'invalid digest format';
export const errNameContainsUppercase = 'repository name must be lowercase';
export const errNameEmpty = 'repository name must have at least one component';
export const errNameTooLong = `repository name must not be more than ${nameTotalLengthMax} characters`;

/** reference.Parse: a reference with an optional domain, as written. A digest-only string fails. */
export function parseReference(s: string): Reference {
  const m = referenceRegexp.exec(s);
  if (!m) {
    if (s === '') throw new Error(errNameEmpty);
    if (referenceRegexp.test(s.toLowerCase())) throw new Error(errNameContainsUppercase);
    throw new Error(errReferenceInvalidFormat);
  }
  const name = m[1] as string;
  const nm = anchoredNameRegexp.exec(name);
  const ref: Reference = nm ? { domain: nm[1] ?? '', path: nm[2] as string } : { domain: '', path: name };
  if (ref.path.length > nameTotalLengthMax) throw new Error(errNameTooLong);
  if (m[2] !== undefined) ref.tag = m[2];
  if (m[3] !== undefined) ref.digest = parseDigest(m[3]);
  return ref;
}

/** splitDockerDomain: the domain a familiar name lives on, and the path there. */
function splitDockerDomain(name: string): { domain: string; remainder: string } {
  const slash = name.indexOf('/');
  if (slash < 0) return { domain: defaultDomain, remainder: officialRepoPrefix + name };
  const maybeDomain = name.slice(0, slash);
  const rest = name.slice(slash + 1);
  let domain: string;
  let remainder: string;
  if (maybeDomain === legacyDefaultDomain) {
    domain = defaultDomain;
    remainder = rest;
  } else if (
    maybeDomain === 'localhost' ||
    /[.:]/.test(maybeDomain) ||
    maybeDomain.toLowerCase() !== maybeDomain
  ) {
    domain = maybeDomain;
    remainder = rest;
  } else {
    domain = defaultDomain;
    remainder = name;
  }
  if (domain === defaultDomain && !remainder.includes('/')) remainder = officialRepoPrefix + remainder;
  return { domain, remainder };
}

/** reference.ParseNormalizedNamed: `busybox` → docker.io/library/busybox (no tag added). */
export function parseNormalizedNamed(s: string): Reference {
  if (anchoredIdentifierRegexp.test(s)) {
    throw new Error(`invalid repository name (${s}), cannot specify 64-byte hexadecimal strings`);
  }
  const { domain, remainder } = splitDockerDomain(s);
  const tagSep = remainder.indexOf(':');
  const remote = tagSep > -1 ? remainder.slice(0, tagSep) : remainder;
  if (remote.toLowerCase() !== remote) {
    throw new Error(`invalid reference format: repository name (${remote}) must be lowercase`);
  }
  return parseReference(`${domain}/${remainder}`);
}

/**
 * reference.ParseAnyReference: a 64-hex id or a `sha256:…` digest is a digest reference (`name`
 * undefined); anything else must be a normalised name.
 */
export function parseAnyReference(s: string): { digestOnly: string } | { named: Reference } {
  if (anchoredIdentifierRegexp.test(s)) return { digestOnly: `sha256:${s}` };
  try {
    return { digestOnly: parseDigest(s) };
  } catch {
    return { named: parseNormalizedNamed(s) };
  }
}

/** reference.WithTag */
export function withTag(ref: Reference, tag: string): Reference {
  if (!anchoredTagRegexp.test(tag)) throw new Error(errTagInvalidFormat);
  const out: Reference = { domain: ref.domain, path: ref.path, tag };
  if (ref.digest !== undefined) out.digest = ref.digest;
  return out;
}

/** reference.WithDigest */
export function withDigest(ref: Reference, digest: string): Reference {
  if (!anchoredDigestRegexp.test(digest)) throw new Error(errDigestInvalidFormat);
  const out: Reference = { domain: ref.domain, path: ref.path, digest };
  if (ref.tag !== undefined) out.tag = ref.tag;
  return out;
}

/** reference.TrimNamed: the repository alone. */
export function trimNamed(ref: Reference): Reference {
  return { domain: ref.domain, path: ref.path };
}

/** reference.TagNameOnly: a bare name gets `:latest`. */
export function tagNameOnly(ref: Reference): Reference {
  return ref.tag === undefined && ref.digest === undefined ? withTag(ref, defaultTag) : ref;
}

/** Full name: `docker.io/library/busybox`. */
export function refName(ref: Reference): string {
  return ref.domain === '' ? ref.path : `${ref.domain}/${ref.path}`;
}

/** Full string: `docker.io/library/busybox:latest@sha256:…`. */
export function refString(ref: Reference): string {
  return refName(ref) + (ref.tag !== undefined ? `:${ref.tag}` : '') + (ref.digest ? `@${ref.digest}` : '');
}

/** reference.FamiliarName: `busybox`, `user/app`, `127.0.0.1:5000/busybox`. */
export function familiarName(ref: Reference): string {
  if (ref.domain !== defaultDomain) return refName(ref);
  let path = ref.path;
  if (path.startsWith(officialRepoPrefix)) {
    const rest = path.slice(officialRepoPrefix.length);
    if (!rest.includes('/')) path = rest;
  }
  return path;
}

/** reference.FamiliarString */
export function familiarString(ref: Reference): string {
  return (
    familiarName(ref) + (ref.tag !== undefined ? `:${ref.tag}` : '') + (ref.digest ? `@${ref.digest}` : '')
  );
}

/**
 * Go's path.Match on the familiar string or name (reference.FamiliarMatch), used by the
 * `reference` image filter. A malformed pattern is Go's `syntax error in pattern`.
 */
export function familiarMatch(pattern: string, ref: Reference): boolean {
  const re = globToRegExp(pattern);
  if (re.test(familiarString(ref))) return true;
  return re.test(familiarName(ref));
}

/** Go path.Match syntax: `*` and `?` stop at `/`, `[...]` classes with `^` negation, `\` escapes. */
export function globToRegExp(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '\\') {
      i++;
      if (i >= pattern.length) throw new Error('syntax error in pattern');
      out += escapeRegExp(pattern[i] as string);
    } else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) throw new Error('syntax error in pattern');
      let body = pattern.slice(i + 1, end);
      const negate = body.startsWith('^');
      if (negate) body = body.slice(1);
      out += `[${negate ? '^/' : ''}${body.replace(/[\\\]]/g, '\\$&')}]`;
      i = end;
    } else out += escapeRegExp(c);
  }
  return new RegExp(`^${out}$`, 's');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
