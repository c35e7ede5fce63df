import type { Network, NetworkEndpointResource, NetworkIpamConfig } from '../../types/index.js';
import { sortedMap } from '../go-json-encode.js';
import type { BackendNetwork } from '../network-backend.js';
import { formatGoTimeNano } from './go-time.js';

/**
 * The one seam where an engine network becomes Docker's wire network (network.Inspect): Go field
 * order, sorted maps, Created in the daemon's zone. `legacy` (API ≤ 1.41) answers as 20.10:
 * no EnableIPv4, and IPAM.Config an array even when empty, each family's given entries or else what
 * was allocated for it, IPv4 first. Docker 28 lists the given entries of both families, then what
 * was allocated for a family without any, and writes null for none. `Containers` holds the
 * network's endpoints (none on list entries since API 1.28: the engine leaves them out).
 */
export function toWireNetwork(n: BackendNetwork, options: { legacy: boolean }): Network {
  const containers: Record<string, NetworkEndpointResource> = {};
  for (const e of [...n.endpoints].sort((a, b) => (a.containerId < b.containerId ? -1 : 1))) {
    containers[e.containerId] = {
      Name: e.name,
      EndpointID: e.endpointId,
      MacAddress: e.macAddress,
      IPv4Address: e.ipv4Address,
      IPv6Address: e.ipv6Address,
    };
  }
  const head = {
    Name: n.name,
    Id: n.id,
    Created: formatGoTimeNano(n.created),
    Scope: n.scope,
    Driver: n.driver,
  };
  return {
    ...head,
    ...(options.legacy ? {} : { EnableIPv4: n.enableIPv4 }),
    EnableIPv6: n.enableIPv6,
    IPAM: {
      Driver: n.ipam.driver,
      Options: sortedMap(n.ipam.options),
      Config: ipamConfig(n, options.legacy),
    },
    Internal: n.internal,
    Attachable: n.attachable,
    Ingress: n.ingress,
    ConfigFrom: { Network: n.configFrom },
    ConfigOnly: n.configOnly,
    Containers: containers,
    Options: sortedMap(n.options) ?? {},
    Labels: sortedMap(n.labels) ?? {},
  };
}

function ipamConfig(n: BackendNetwork, legacy: boolean): NetworkIpamConfig[] | null {
  const isV6 = (subnet: string): boolean => subnet.includes(':');
  const given = (v6: boolean): NetworkIpamConfig[] =>
    n.ipam.config
      .filter((c) => isV6(c.subnet) === v6)
      .map((c) => {
        const out: NetworkIpamConfig = {};
        if (c.subnet !== '') out.Subnet = c.subnet;
        if (c.ipRange !== '') out.IPRange = c.ipRange;
        if (c.gateway !== '') out.Gateway = c.gateway;
        if (c.auxAddresses !== null && Object.keys(c.auxAddresses).length > 0) {
          out.AuxiliaryAddresses = sortedMap(c.auxAddresses) as Record<string, string>;
        }
        return out;
      });
  const allocated = (v6: boolean): NetworkIpamConfig[] =>
    n.ipam.allocated
      .filter((a) => isV6(a.subnet) === v6)
      .map((a) => (a.gateway === '' ? { Subnet: a.subnet } : { Subnet: a.subnet, Gateway: a.gateway }));
  const [v4, v6] = [given(false), given(true)];
  if (legacy) {
    return [...(v4.length > 0 ? v4 : allocated(false)), ...(v6.length > 0 ? v6 : allocated(true))];
  }
  const out = [
    ...v4,
    ...v6,
    ...(v4.length > 0 ? [] : allocated(false)),
    ...(v6.length > 0 ? [] : allocated(true)),
  ];
  return out.length > 0 ? out : null;
}
