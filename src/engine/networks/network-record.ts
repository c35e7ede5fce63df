/**
 * A network as the engine keeps it (in memory and, as JSON, in the catalog's `networks` table).
 * Strata keeps records only: no bridge, link or firewall rule exists behind a network. The shape
 * follows libnetwork's Network; the API turns it into Docker's wire JSON at one seam.
 */
export interface NetworkRecord {
  /** 64 hex characters. */
  id: string;
  /** Unique among networks. */
  name: string;
  /** RFC 3339 with nanoseconds, UTC (`2026-11-27T22:18:03.197391703Z`). */
  created: string;
  /** `bridge` for user networks; `host` and `null` for the predefined ones and config-only networks. */
  driver: string;
  /** Always `local`: Strata has no swarm. */
  scope: string;
  enableIPv4: boolean;
  enableIPv6: boolean;
  ipam: NetworkIpam;
  internal: boolean;
  attachable: boolean;
  ingress: boolean;
  /** The config-only network this one takes its configuration from; '' if none. */
  configFrom: string;
  configOnly: boolean;
  /** Driver options as given (never null). */
  options: Record<string, string>;
  /** Never null. */
  labels: Record<string, string>;
}

export interface NetworkIpam {
  /** `default` unless the creator named another (and it existed). */
  driver: string;
  options: Record<string, string> | null;
  /** The creator's entries with a subnet, IPv4 ones first (libnetwork keeps the families apart). */
  config: IpamConfigEntry[];
  /**
   * Pools the IPAM chose for a family the creator gave no subnet for (Docker's IpamInfo). Docker
   * reports these with their gateway where the creator's entries show only what was given.
   */
  allocated: Array<{ subnet: string; gateway: string }>;
}

export interface IpamConfigEntry {
  subnet: string;
  /** '' if not given. */
  ipRange: string;
  /** '' if not given. */
  gateway: string;
  /** Docker's `AuxiliaryAddresses`; null if not given. */
  auxAddresses: Record<string, string> | null;
}

/** A container attached to a network and running: what Docker shows under `Containers`. */
export interface NetworkEndpoint {
  containerId: string;
  /** The container's name without the leading slash (libnetwork's endpoint name). */
  name: string;
  /** 64 hex characters. */
  endpointId: string;
  /** '' when none. */
  macAddress: string;
  /** CIDR notation (`172.18.0.2/16`); '' when none. */
  ipv4Address: string;
  ipv6Address: string;
}

/**
 * A record with the defaults of a network nobody configured (the predefined ones, test fixtures):
 * IPv4 only, default IPAM without pools, no options or labels.
 */
export function plainNetworkRecord(
  fields: Pick<NetworkRecord, 'id' | 'name' | 'created' | 'driver'>,
): NetworkRecord {
  return {
    ...fields,
    scope: 'local',
    enableIPv4: true,
    enableIPv6: false,
    ipam: { driver: 'default', options: null, config: [], allocated: [] },
    internal: false,
    attachable: false,
    ingress: false,
    configFrom: '',
    configOnly: false,
    options: {},
    labels: {},
  };
}

/** A network with the endpoints it has now (inspect; list below API 1.28). */
export interface NetworkView extends NetworkRecord {
  endpoints: NetworkEndpoint[];
}

/** Names Docker reserves on Linux (daemon/network IsPredefined): users cannot create or remove these. */
export const predefinedNetworkNames: ReadonlySet<string> = new Set(['bridge', 'host', 'none', 'default']);

/** Docker's DefaultNetwork and the driver of a user network when none is named. */
export const defaultNetworkDriver = 'bridge';
