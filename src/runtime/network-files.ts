import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** moby libnetwork/etchosts defaultContentIPv4 / defaultContentIPv6, `ip\thosts` per line. */
const hostsIPv4 = '127.0.0.1\tlocalhost\n';
const hostsIPv6 = [
  '::1\tlocalhost ip6-localhost ip6-loopback',
  'fe00::\tip6-localnet',
  'ff00::\tip6-mcastprefix',
  'ff02::1\tip6-allnodes',
  'ff02::2\tip6-allrouters',
  '',
].join('\n');

export interface NetworkFile {
  destination: string;
  source: string;
}

function readOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
}

/**
 * Writes the container's hostname, hosts and resolv.conf into its directory (as moby's container
 * and libnetwork sandbox do) and returns them as the files to bind over the image's:
 * - hostname: the hostname and a newline;
 * - hosts: with `host` networking a copy of the host's /etc/hosts; otherwise libnetwork's default
 *   content (localhost, and the IPv6 names where this kernel has IPv6). A container without a
 *   network endpoint gets no entry for its own name, as in Docker;
 * - resolv.conf: a copy of the host's.
 */
export function writeNetworkFiles(dir: string, hostname: string, network: 'none' | 'host'): NetworkFile[] {
  const files = {
    hostname: join(dir, 'hostname'),
    hosts: join(dir, 'hosts'),
    resolv: join(dir, 'resolv.conf'),
  };
  writeFileSync(files.hostname, `${hostname}\n`, { mode: 0o644 });
  const hosts =
    network === 'host'
      ? readOr('/etc/hosts', hostsIPv4)
      : hostsIPv4 + (existsSync('/proc/net/if_inet6') ? hostsIPv6 : '');
  writeFileSync(files.hosts, hosts, { mode: 0o644 });
  writeFileSync(files.resolv, readOr('/etc/resolv.conf', ''), { mode: 0o644 });
  return [
    { destination: '/etc/resolv.conf', source: files.resolv },
    { destination: '/etc/hostname', source: files.hostname },
    { destination: '/etc/hosts', source: files.hosts },
  ];
}
