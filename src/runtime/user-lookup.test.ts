import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveUser } from './user-lookup.js';

describe('resolveUser (moby getUser / moby/sys/user)', () => {
  const root = mkdtempSync(join(tmpdir(), 'strata-users-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'data'), { recursive: true });
  mkdirSync(join(root, 'etc'), { recursive: true });
  writeFileSync(
    join(root, 'data/passwd'),
    'root:x:0:0:root:/root:/bin/sh\n\ntester:x:1000:1000::/home/tester:/bin/sh\nodd:x:abc:7::/:/bin/sh\n',
  );
  symlinkSync('/data/passwd', join(root, 'etc/passwd'));
  writeFileSync(
    join(root, 'etc/group'),
    'root:x:0:\ntester:x:1000:\nstaff:x:50:tester,root\nwheel:x:10:root\n',
  );

  it('resolves names, uids and groups', () => {
    expect(resolveUser(root, '')).toEqual({ uid: 0, gid: 0, additionalGids: [0, 50, 10] });
    expect(resolveUser(root, 'tester')).toEqual({ uid: 1000, gid: 1000, additionalGids: [1000, 50] });
    expect(resolveUser(root, '1000')).toEqual({ uid: 1000, gid: 1000, additionalGids: [1000, 50] });
    expect(resolveUser(root, '1000:50')).toEqual({ uid: 1000, gid: 50, additionalGids: [50] });
    expect(resolveUser(root, 'tester:staff')).toEqual({ uid: 1000, gid: 50, additionalGids: [50] });
    expect(resolveUser(root, '4242')).toEqual({ uid: 4242, gid: 0, additionalGids: [0] });
    expect(resolveUser(root, '4242:777')).toEqual({ uid: 4242, gid: 777, additionalGids: [777] });
    expect(resolveUser(root, 'odd')).toEqual({ uid: 0, gid: 7, additionalGids: [7] });
  });

  it("fails with Docker's messages", () => {
    expect(() => resolveUser(root, 'ghost')).toThrow(
      'unable to find user ghost: no matching entries in passwd file',
    );
    expect(() => resolveUser(root, 'tester:ghosts')).toThrow(
      'unable to find group ghosts: no matching entries in group file',
    );
    expect(() => resolveUser(root, '-1')).toThrow('uids and gids must be in range 0-2147483647');
  });

  it('a rootfs without /etc/passwd knows numeric users only', () => {
    const bare = join(root, 'bare');
    mkdirSync(bare);
    expect(resolveUser(bare, '')).toEqual({ uid: 0, gid: 0, additionalGids: [0] });
    expect(resolveUser(bare, '5:6')).toEqual({ uid: 5, gid: 6, additionalGids: [6] });
    expect(() => resolveUser(bare, 'root')).toThrow(
      'unable to find user root: no matching entries in passwd file',
    );
  });
});
