import { describe, expect, it } from 'vitest';
import {
  formatAddr,
  formatPrefix,
  masked,
  overlaps,
  parseAddr,
  parsePrefix,
  type IpPrefix,
} from './ip-prefix.js';
import { nameServers, onLinkRoutes } from './host-networks.js';

const p = (text: string): IpPrefix => {
  const got = parsePrefix(text);
  if (!got) throw new Error(`does not parse: ${text}`);
  return got;
};

describe('ip-prefix (net/netip)', () => {
  it('reads and prints prefixes as netip does, host bits kept', () => {
    for (const [text, printed] of [
      ['10.1.2.3/16', '10.1.2.3/16'],
      ['0.0.0.0/0', '0.0.0.0/0'],
      ['fd00:1::/64', 'fd00:1::/64'],
      ['FD00:0:0:0:0:0:0:1/128', 'fd00::1/128'],
      ['2001:db8:0:0:1:0:0:1/64', '2001:db8::1:0:0:1/64'],
      ['::ffff:1.2.3.4/128', '::ffff:102:304/128'],
      ['1:0:0:2:0:0:0:3/64', '1:0:0:2::3/64'],
    ]) {
      expect(formatPrefix(p(text as string))).toBe(printed);
    }
    for (const bad of [
      '10.1.2.3',
      '10.1.2/16',
      '10.01.2.3/16',
      '10.1.2.3/33',
      '10.1.2.3/08',
      '1::2::3/64',
      'foo',
      '',
      ':::/1',
    ]) {
      expect(parsePrefix(bad)).toBeUndefined();
    }
    expect(parseAddr('256.0.0.1')).toBeUndefined();
    expect(formatAddr(parseAddr('::') as never)).toBe('::');
  });

  it('masks and compares', () => {
    expect(formatPrefix(masked(p('10.1.2.3/16')))).toBe('10.1.0.0/16');
    expect(formatPrefix(masked(p('fd00::1/64')))).toBe('fd00::/64');
    expect(overlaps(p('172.17.0.0/16'), p('172.17.5.0/24'))).toBe(true);
    expect(overlaps(p('172.17.0.0/16'), p('172.18.0.0/16'))).toBe(false);
    expect(overlaps(p('10.0.0.0/8'), p('fd00::/8'))).toBe(false);
  });

  it("reads the host's on-link routes and name servers (libnetwork InferReservedNetworks)", () => {
    const table = [
      'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT',
      'eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0',
      'br-1\t000012AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0',
      'eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0',
      'tun0\t0000000A\t0100000A\t0003\t0\t0\t0\t000000FF\t0\t0\t0',
    ].join('\n');
    expect(onLinkRoutes(table).map(formatPrefix)).toEqual(['172.18.0.0/16', '192.0.2.0/24']);
    expect(nameServers('# x\nnameserver 10.0.0.53\nnameserver ::1\nsearch lan\n').map(formatPrefix)).toEqual([
      '10.0.0.53/32',
    ]);
  });
});
