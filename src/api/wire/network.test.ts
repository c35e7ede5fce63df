import { afterEach, describe, expect, it } from 'vitest';
import { goJsonCompact } from '../go-json-encode.js';
import type { BackendNetwork } from '../network-backend.js';
import { formatGoTimeNano } from './go-time.js';
import { toWireNetwork } from './network.js';

const base: BackendNetwork = {
  id: 'a'.repeat(64),
  name: 'web_default',
  created: '2026-11-27T22:18:03.197391700Z',
  driver: 'bridge',
  scope: 'local',
  enableIPv4: true,
  enableIPv6: true,
  ipam: {
    driver: 'default',
    options: { z: '1', a: '2' },
    config: [{ subnet: 'fd00:1::/64', ipRange: '', gateway: '', auxAddresses: {} }],
    allocated: [{ subnet: '192.168.208.0/20', gateway: '192.168.208.1' }],
  },
  internal: false,
  attachable: true,
  ingress: false,
  configFrom: '',
  configOnly: false,
  options: {},
  labels: { 'com.docker.compose.project': 'web', 'com.docker.compose.network': 'default' },
  endpoints: [
    {
      containerId: 'f'.repeat(64),
      name: 'b',
      endpointId: 'e'.repeat(64),
      macAddress: 'm',
      ipv4Address: '172.18.0.3/16',
      ipv6Address: '',
    },
    {
      containerId: 'c'.repeat(64),
      name: 'a',
      endpointId: 'd'.repeat(64),
      macAddress: '',
      ipv4Address: '',
      ipv6Address: '',
    },
  ],
};

describe('toWireNetwork', () => {
  const zone = process.env.TZ;
  afterEach(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it("writes Docker 28's shape: EnableIPv4, given entries of both families before allocated ones", () => {
    const json = goJsonCompact(toWireNetwork(base, { legacy: false }));
    expect(json).toBe(
      '{"Name":"web_default","Id":"' +
        'a'.repeat(64) +
        '","Created":"2026-11-27T22:18:03.1973917Z","Scope":"local",' +
        '"Driver":"bridge","EnableIPv4":true,"EnableIPv6":true,"IPAM":{"Driver":"default","Options":{"a":"2","z":"1"},' +
        '"Config":[{"Subnet":"fd00:1::/64"},{"Subnet":"192.168.208.0/20","Gateway":"192.168.208.1"}]},' +
        '"Internal":false,"Attachable":true,"Ingress":false,"ConfigFrom":{"Network":""},"ConfigOnly":false,' +
        '"Containers":{"' +
        'c'.repeat(64) +
        '":{"Name":"a","EndpointID":"' +
        'd'.repeat(64) +
        '","MacAddress":"",' +
        '"IPv4Address":"","IPv6Address":""},"' +
        'f'.repeat(64) +
        '":{"Name":"b","EndpointID":"' +
        'e'.repeat(64) +
        '","MacAddress":"m","IPv4Address":"172.18.0.3/16","IPv6Address":""}},"Options":{},' +
        '"Labels":{"com.docker.compose.network":"default","com.docker.compose.project":"web"}}',
    );
  });

  it("writes 20.10's shape: no EnableIPv4, each family's entries in turn, [] for none", () => {
    const wire = toWireNetwork(base, { legacy: true });
    expect('EnableIPv4' in wire).toBe(false);
    expect(wire.IPAM.Config).toEqual([
      { Subnet: '192.168.208.0/20', Gateway: '192.168.208.1' },
      { Subnet: 'fd00:1::/64' },
    ]);
    const empty = { ...base, ipam: { driver: 'default', options: null, config: [], allocated: [] } };
    expect(toWireNetwork(empty, { legacy: true }).IPAM).toEqual({
      Driver: 'default',
      Options: null,
      Config: [],
    });
    expect(toWireNetwork(empty, { legacy: false }).IPAM).toEqual({
      Driver: 'default',
      Options: null,
      Config: null,
    });
  });

  it('writes every given field of an IPAM entry, and only those', () => {
    const given = {
      ...base,
      ipam: {
        ...base.ipam,
        config: [
          {
            subnet: '10.9.0.0/16',
            ipRange: '10.9.1.0/24',
            gateway: '10.9.0.254',
            auxAddresses: { r: '10.9.0.2' },
          },
        ],
        allocated: [],
      },
    };
    expect(toWireNetwork(given, { legacy: false }).IPAM.Config).toEqual([
      {
        Subnet: '10.9.0.0/16',
        IPRange: '10.9.1.0/24',
        Gateway: '10.9.0.254',
        AuxiliaryAddresses: { r: '10.9.0.2' },
      },
    ]);
  });

  it("writes creation times as Go's JSON does, in the daemon's zone", () => {
    expect(formatGoTimeNano('2026-11-27T22:18:03.000000000Z')).toBe('2026-11-27T22:18:03Z');
    process.env.TZ = 'Asia/Kolkata';
    expect(formatGoTimeNano('2026-11-27T22:18:03.120000000Z')).toBe('2026-11-28T03:48:03.12+05:30');
  });
});
