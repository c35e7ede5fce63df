import { readFileSync } from 'node:fs';
import { resolveInRoot } from './scoped-path.js';

/** The process identity of an OCI spec. */
export interface OciUser {
  uid: number;
  gid: number;
  additionalGids: number[];
}

// moby/sys/user (user.go, lookup_unix.go): the errors Docker shows for `docker run -u …`.
const errNoPasswdEntries = 'no matching entries in passwd file';
const errNoGroupEntries = 'no matching entries in group file';
const errRange = 'uids and gids must be in range 0-2147483647';
const maxId = 2147483647;

interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
}

interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

/** Go's strconv.Atoi for the ids in a user spec; undefined when not a number. */
function atoi(s: string): number | undefined {
  return /^[+-]?\d+$/.test(s) ? Number(s) : undefined;
}

/** moby/sys/user parseLine for an int field: unparsable is 0. */
function intField(s: string | undefined): number {
  return atoi(s ?? '') ?? 0;
}

function readLines(path: string): string[] | undefined {
  try {
    return readFileSync(path, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '');
  } catch {
    return undefined;
  }
}

function parsePasswd(lines: string[]): PasswdEntry[] {
  return lines.map((l) => {
    const f = l.split(':');
    return { name: f[0] ?? '', uid: intField(f[2]), gid: intField(f[3]) };
  });
}

function parseGroup(lines: string[]): GroupEntry[] {
  return lines.map((l) => {
    const f = l.split(':');
    const list = f[3] ?? '';
    return { name: f[0] ?? '', gid: intField(f[2]), members: list === '' ? [] : list.split(',') };
  });
}

/**
 * Resolves Docker's `User` (`''`, `name`, `uid`, `uid:gid`, `name:group`, …) against the container's
 * /etc/passwd and /etc/group, as moby's getUser (daemon/oci_linux.go) does with moby/sys/user's
 * GetExecUserPath. The result's additionalGids start with the primary gid, as Docker's do.
 */
export function resolveUser(rootfs: string, userSpec: string): OciUser {
  const [userArg = '', groupArg = ''] = userSpec.split(':');
  const uidArg = atoi(userArg);
  const gidArg = atoi(groupArg);
  const passwdLines = readLines(resolveInRoot(rootfs, '/etc/passwd'));
  const groupLines = readLines(resolveInRoot(rootfs, '/etc/group'));

  let uid = 0;
  let gid = 0;
  let sgids: number[] = [];
  const users = parsePasswd(passwdLines ?? []).filter((u) => {
    if (userArg === '') return u.uid === 0;
    if (uidArg !== undefined) return u.uid === uidArg;
    return u.name === userArg;
  });
  let matchedName = '';
  const first = users[0];
  if (first) {
    matchedName = first.name;
    uid = first.uid;
    gid = first.gid;
  } else if (userArg !== '') {
    if (uidArg === undefined) throw new Error(`unable to find user ${userArg}: ${errNoPasswdEntries}`);
    if (uidArg < 0 || uidArg > maxId) throw new Error(errRange);
    uid = uidArg;
  }

  if (groupArg !== '' || matchedName !== '') {
    const groups = parseGroup(groupLines ?? []).filter((g) => {
      if (groupArg === '') return g.members.includes(matchedName);
      if (gidArg !== undefined) return g.gid === gidArg;
      return g.name === groupArg;
    });
    if (groupArg !== '') {
      const g = groups[0];
      if (g) {
        gid = g.gid;
      } else {
        if (gidArg === undefined) {
          throw new Error(`unable to find group ${groupArg}: ${errNoGroupEntries}`);
        }
        if (gidArg < 0 || gidArg > maxId) throw new Error(errRange);
        gid = gidArg;
      }
    } else {
      sgids = groups.map((g) => g.gid);
    }
  }
  return { uid, gid, additionalGids: [gid, ...sgids] };
}
