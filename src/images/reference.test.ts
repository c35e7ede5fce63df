import { describe, expect, it } from 'vitest';
import {
  familiarMatch,
  familiarName,
  familiarString,
  parseAnyReference,
  parseNormalizedNamed,
  refString,
  tagNameOnly,
} from './reference.js';

const hex = 'a'.repeat(64);

describe('reference normalisation (distribution/reference)', () => {
  it.each([
    ['busybox', 'docker.io/library/busybox:latest', 'busybox:latest'],
    ['busybox:1.36', 'docker.io/library/busybox:1.36', 'busybox:1.36'],
    ['user/app', 'docker.io/user/app:latest', 'user/app:latest'],
    ['index.docker.io/library/busybox', 'docker.io/library/busybox:latest', 'busybox:latest'],
    ['docker.io/library/a/b', 'docker.io/library/a/b:latest', 'library/a/b:latest'],
    ['localhost/app', 'localhost/app:latest', 'localhost/app:latest'],
    ['127.0.0.1:5000/busybox', '127.0.0.1:5000/busybox:latest', '127.0.0.1:5000/busybox:latest'],
    [`busybox@sha256:${hex}`, `docker.io/library/busybox@sha256:${hex}`, `busybox@sha256:${hex}`],
  ])('%s → %s (shown as %s)', (input, full, familiar) => {
    const ref = tagNameOnly(parseNormalizedNamed(input));
    expect(refString(ref)).toBe(full);
    expect(familiarString(ref)).toBe(familiar);
  });

  it.each([
    ['Foo', 'invalid reference format: repository name (library/Foo) must be lowercase'],
    ['user/Foo:tag', 'invalid reference format: repository name (user/Foo) must be lowercase'],
    [hex, `invalid repository name (${hex}), cannot specify 64-byte hexadecimal strings`],
    ['', 'invalid reference format'],
    ['a:b:c', 'invalid reference format'],
    [`busybox@sha256:abc`, 'invalid reference format'],
    ['x'.repeat(256), 'repository name must not be more than 255 characters'],
  ])('refuses %j: %s', (input, message) => {
    expect(() => parseNormalizedNamed(input)).toThrow(message);
  });

  it('tells digests and ids from names', () => {
    expect(parseAnyReference(hex)).toEqual({ digestOnly: `sha256:${hex}` });
    expect(parseAnyReference(`sha256:${hex}`)).toEqual({ digestOnly: `sha256:${hex}` });
    expect(parseAnyReference('abc')).toMatchObject({ named: { path: 'library/abc' } });
  });

  it('matches reference filters on the familiar string or name (path.Match)', () => {
    const ref = tagNameOnly(parseNormalizedNamed('127.0.0.1:5000/team/app:v1'));
    expect(familiarName(ref)).toBe('127.0.0.1:5000/team/app');
    expect(familiarMatch('127.0.0.1:5000/team/*', ref)).toBe(true);
    expect(familiarMatch('*/app', ref)).toBe(false);
    expect(familiarMatch('127.0.0.1:5000/team/app:v[0-9]', ref)).toBe(true);
    expect(familiarMatch('busybox', tagNameOnly(parseNormalizedNamed('busybox')))).toBe(true);
  });
});
