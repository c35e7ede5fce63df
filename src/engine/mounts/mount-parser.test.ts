import { describe, expect, it } from 'vitest';
import { kindOf } from '../../errors/index.js';
import { parseBind, parseMountSpec, parseVolumesFrom, tmpfsOptions } from './mount-parser.js';

const errorOf = (fn: () => unknown): Error => {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
};

describe('parseBind (-v), moby TestLinuxParseMountRaw', () => {
  it.each([
    '/home',
    '/home:/home',
    '/with space',
    'relative:/absolute-path',
    'hostPath:/containerPath:ro',
    '/rw:/ro',
    '/hostPath:/containerPath:rshared',
    '/hostPath:/containerPath:ro,Z,slave',
    '/hostPath:/containerPath:slave,ro,Z',
    '/hostPath:/containerPath:ro,Z,rprivate',
  ])('accepts %j', (raw) => {
    expect(() => parseBind(raw, 'local')).not.toThrow();
  });

  it.each([
    ['', 'invalid volume specification'],
    ['./', 'mount path must be absolute'],
    ['/:../', 'mount path must be absolute'],
    ['/:path', 'mount path must be absolute'],
    [':', 'invalid volume specification'],
    ['/tmp:', 'invalid volume specification'],
    [':/test', 'invalid volume specification'],
    ['/tmp:::', 'invalid volume specification'],
    ['/path:rw', 'invalid volume specification'],
    ['path:ro', 'invalid volume specification'],
    ['/path:/path:sw', 'invalid mode'],
    ['/path:/path:ro,rshared,rslave', 'invalid mode'],
    ['/path:shared', 'invalid volume specification'],
    ['name:/absolute-path:shared', 'invalid volume specification'],
    ['name:/absolute-path:rprivate', 'invalid volume specification'],
  ])('refuses %j (%s)', (raw, text) => {
    const err = errorOf(() => parseBind(raw, 'local'));
    expect(err.message).toContain(text);
    expect(kindOf(err)).toBe('invalid-parameter');
  });

  it('spells errors as dockerd does', () => {
    expect(errorOf(() => parseBind('/x:/y:bogus', '')).message).toBe('invalid mode: bogus');
    expect(errorOf(() => parseBind('v:rel', '')).message).toBe(
      `invalid volume specification: 'v:rel': invalid mount config for type "volume": invalid mount path: 'rel' mount path must be absolute`,
    );
    expect(errorOf(() => parseBind('v:/', '')).message).toBe(
      `invalid volume specification: 'v:/': invalid mount config for type "volume": invalid specification: destination can't be '/'`,
    );
  });

  it('makes named volumes, binds and anonymous volumes as Docker does', () => {
    expect(parseBind('data:/data', '')).toMatchObject({
      Type: 'volume',
      Name: 'data',
      Mode: '',
      RW: true,
      CopyData: true,
    });
    expect(parseBind('data:/etc:ro,nocopy', '')).toMatchObject({
      Mode: 'ro,nocopy',
      RW: false,
      CopyData: false,
    });
    expect(parseBind('/host/dir/:/b/', '')).toMatchObject({
      Type: 'bind',
      Source: '/host/dir',
      Destination: '/b',
      Propagation: 'rprivate',
    });
    expect(parseBind('/h:/h:ro,rslave', '')).toMatchObject({
      Mode: 'ro,rslave',
      RW: false,
      Propagation: 'rslave',
    });
    const anon = parseBind('/anon', 'other');
    expect(anon).toMatchObject({ Type: 'volume', Name: '', Driver: 'other', Destination: '/anon' });
    expect(anon.Spec.Source ?? '').toBe('');
  });
});

describe('parseMountSpec (--mount)', () => {
  it.each([
    [{ Type: 'bind', Target: '/x' }, 'field Source must not be empty'],
    [
      { Type: 'bind', Source: '/definitely/not/here', Target: '/x' },
      'bind source path does not exist: /definitely/not/here',
    ],
    [
      { Type: 'volume', Target: '/x', ReadOnly: true },
      'must not set ReadOnly mode when using anonymous volumes',
    ],
    [
      { Type: 'volume', Target: '/x', VolumeOptions: { Subpath: 'a' } },
      'must not set Subpath when using anonymous volumes',
    ],
    [
      { Type: 'volume', Source: 'v', Target: '/x', VolumeOptions: { Subpath: '../../etc/passwd' } },
      'subpath must be a relative path within the volume',
    ],
    [{ Type: 'tmpfs', Source: 'x', Target: '/x' }, 'field Source must not be specified'],
    [
      { Type: 'volume', Source: 'v', Target: '/x', BindOptions: {} },
      'field BindOptions must not be specified',
    ],
    [
      { Type: 'bind', Source: '/tmp', Target: '/x', BindOptions: { Propagation: 'weird' } },
      'invalid propagation mode: weird',
    ],
    [{ Type: 'npipe', Target: '/x' }, 'mount type unknown'],
    [{ Type: 'volume', Target: '' }, 'field Target must not be empty'],
  ])('refuses %j', (cfg, text) => {
    expect(errorOf(() => parseMountSpec(cfg)).message).toBe(
      `invalid mount config for type "${cfg.Type}": ${text}`,
    );
  });

  it('converts tmpfs options as Docker does', () => {
    expect(
      tmpfsOptions({
        Type: 'tmpfs',
        ReadOnly: true,
        TmpfsOptions: { SizeBytes: 64 << 20, Mode: 0o1777, Options: [['noexec']] },
      }),
    ).toBe('ro,mode=1777,size=64m,noexec');
    expect(tmpfsOptions({ Type: 'tmpfs', TmpfsOptions: { SizeBytes: 1000 } })).toBe('size=1000');
  });
});

describe('parseVolumesFrom', () => {
  it('accepts ro/rw and refuses propagation and nocopy', () => {
    expect(parseVolumesFrom('c1')).toEqual({ container: 'c1', mode: 'rw' });
    expect(parseVolumesFrom('c1:ro')).toEqual({ container: 'c1', mode: 'ro' });
    expect(errorOf(() => parseVolumesFrom('c1:rshared')).message).toBe('invalid mode: rshared');
    expect(errorOf(() => parseVolumesFrom('c1:nocopy')).message).toBe('invalid mode: nocopy');
    expect(errorOf(() => parseVolumesFrom('')).message).toBe(
      'volumes-from specification cannot be an empty string',
    );
  });
});
