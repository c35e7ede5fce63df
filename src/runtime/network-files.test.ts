import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeNetworkFiles } from './network-files.js';

describe('writeNetworkFiles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'strata-netfiles-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes libnetwork's hosts for a container without network, and the host's resolv.conf", () => {
    const files = writeNetworkFiles(dir, 'box', 'none');
    expect(files.map((f) => f.destination)).toEqual(['/etc/resolv.conf', '/etc/hostname', '/etc/hosts']);
    expect(readFileSync(join(dir, 'hostname'), 'utf8')).toBe('box\n');
    const hosts = readFileSync(join(dir, 'hosts'), 'utf8');
    expect(hosts.startsWith('127.0.0.1\tlocalhost\n')).toBe(true);
    if (existsSync('/proc/net/if_inet6'))
      expect(hosts).toContain('::1\tlocalhost ip6-localhost ip6-loopback\n');
    expect(readFileSync(join(dir, 'resolv.conf'), 'utf8')).toBe(
      existsSync('/etc/resolv.conf') ? readFileSync('/etc/resolv.conf', 'utf8') : '',
    );
  });

  it("copies the host's /etc/hosts for host networking", () => {
    writeNetworkFiles(dir, 'box', 'host');
    expect(readFileSync(join(dir, 'hosts'), 'utf8')).toBe(readFileSync('/etc/hosts', 'utf8'));
  });
});
