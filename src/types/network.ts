/**
 * Docker Engine API network wire types (moby api/types/network). Key order in these interfaces is
 * the order Go emits them; producers must build objects in this order.
 */

/** `GET /networks/{id}` and the entries of `GET /networks` (network.Inspect / Summary). */
export interface Network {
  Name: string;
  Id: string;
  /** RFC 3339 with nanoseconds, in the daemon's zone. */
  Created: string;
  Scope: string;
  Driver: string;
  /** Docker 28 (API ≥ 1.42 here); 20.10 had no such field. */
  EnableIPv4?: boolean;
  EnableIPv6: boolean;
  IPAM: NetworkIpam;
  Internal: boolean;
  Attachable: boolean;
  Ingress: boolean;
  ConfigFrom: { Network: string };
  ConfigOnly: boolean;
  Containers: Record<string, NetworkEndpointResource>;
  Options: Record<string, string>;
  Labels: Record<string, string>;
}

export interface NetworkIpam {
  Driver: string;
  Options: Record<string, string> | null;
  /** Docker 28 writes null where there is none; 20.10 wrote []. */
  Config: NetworkIpamConfig[] | null;
}

/** Every field is `omitempty`. */
export interface NetworkIpamConfig {
  Subnet?: string;
  IPRange?: string;
  Gateway?: string;
  AuxiliaryAddresses?: Record<string, string>;
}

export interface NetworkEndpointResource {
  Name: string;
  EndpointID: string;
  MacAddress: string;
  IPv4Address: string;
  IPv6Address: string;
}

/** Body of `POST /networks/create` answers (201). */
export interface NetworkCreateResponse {
  Id: string;
  Warning: string;
}

/** Body of `POST /networks/prune`: null when nothing was removed. */
export interface NetworkPruneReport {
  NetworksDeleted: string[] | null;
}
