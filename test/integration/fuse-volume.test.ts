import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDriver } from '../../src/drivers/local/local-driver.js';
import { readMountPoints } from '../../src/drivers/local/mount-table.js';
import { sshfsUnavailableReason, startSshd, type Sshd } from '../helpers/sshd.js';

// A local volume whose `type` is a FUSE type is mounted through mount(8) and its helper
// (mount.fuse.sshfs here), exactly like tmpfs or a bind: first user mounts, last user unmounts.
const skipReason = sshfsUnavailableReason();

describe.skipIf(skipReason !== undefined)(
  `local driver with a FUSE type (fuse.sshfs)${skipReason ? ` — skipped: ${skipReason}` : ''}`,
  () => {
    let sshd: Sshd;
    let base: string;
    let remote: string;
    beforeAll(async () => {
      sshd = await startSshd();
      base = mkdtempSync(join(tmpdir(), 'strata-fuse-'));
      remote = join(base, 'remote');
      mkdirSync(remote);
      writeFileSync(join(remote, 'hello.txt'), 'from the remote side');
    });
    afterAll(async () => {
      await sshd?.stop();
      if (base) rmSync(base, { recursive: true, force: true });
    });

    it('mounts on first use, shares data both ways, unmounts after the last user', async () => {
      const driver = new LocalDriver({ root: join(base, 'volumes'), trash: join(base, 'trash') });
      await driver.init();
      const opts = [
        `port=${sshd.port}`,
        `IdentityFile=${sshd.identityFile}`,
        'StrictHostKeyChecking=no',
        'UserKnownHostsFile=/dev/null',
        'allow_other',
      ].join(',');
      const v = await driver.create('remote-data', {
        type: 'fuse.sshfs',
        device: `${sshd.user}@127.0.0.1:${remote}`,
        o: opts,
      });
      expect(readMountPoints()).not.toContain(v.mountpoint);
      const path = await driver.mount('remote-data', 'c1');
      await driver.mount('remote-data', 'c2');
      expect(readMountPoints()).toContain(path);
      expect(readFileSync(join(path, 'hello.txt'), 'utf8')).toBe('from the remote side');
      writeFileSync(join(path, 'written-through.txt'), 'via the volume');
      expect(readFileSync(join(remote, 'written-through.txt'), 'utf8')).toBe('via the volume');
      await driver.unmount('remote-data', 'c1');
      expect(readMountPoints()).toContain(path);
      await driver.unmount('remote-data', 'c2');
      expect(readMountPoints()).not.toContain(path);
      await driver.remove('remote-data');
      // Removing the volume never touches the remote files.
      expect(existsSync(join(remote, 'hello.txt'))).toBe(true);
    });
  },
);
