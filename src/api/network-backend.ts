import type { Filters, RequestContext } from './backend.js';

/**
 * What the network routes need, declared by the consumer (moby's router/network backend.go habit).
 * The engine's NetworkService satisfies it structurally. Errors are EngineErrors with Docker's texts.
 */

/** A network as the routes see it; wire shapes are built in wire/network.ts. */
export interface BackendNetwork {
  id: string;
  name: string;
  /** RFC 3339 with nanoseconds, UTC. */
  created: string;
  driver: string;
  scope: string;
  enableIPv4: boolean;
  enableIPv6: boolean;
  ipam: {
    driver: string;
    options: Record<string, string> | null;
    /** As the creator gave them, IPv4 entries first. */
    config: Array<{
      subnet: string;
      ipRange: string;
      gateway: string;
      auxAddresses: Record<string, string> | null;
    }>;
    /** What the IPAM chose for a family the creator gave no subnet for. */
    allocated: Array<{ subnet: string; gateway: string }>;
  };
  internal: boolean;
  attachable: boolean;
  ingress: boolean;
  configFrom: string;
  configOnly: boolean;
  options: Record<string, string>;
  labels: Record<string, string>;
  endpoints: Array<{
    containerId: string;
    name: string;
    endpointId: string;
    macAddress: string;
    ipv4Address: string;
    ipv6Address: string;
  }>;
}

/** `POST /networks/create`, decoded; absent and null fields mean "not given". */
export interface BackendNetworkCreate {
  name: string;
  driver?: string;
  scope?: string;
  enableIPv4?: boolean | null;
  enableIPv6?: boolean | null;
  ipam?: {
    driver?: string;
    options?: Record<string, string> | null;
    config?: Array<{
      subnet: string;
      ipRange: string;
      gateway: string;
      auxAddresses: Record<string, string> | null;
    }> | null;
  } | null;
  internal?: boolean;
  attachable?: boolean;
  ingress?: boolean;
  configOnly?: boolean;
  configFrom?: string | null;
  options?: Record<string, string> | null;
  labels?: Record<string, string> | null;
}

export interface NetworkBackend {
  /** Filtered; with `detailed` (API < 1.28) each entry has its endpoints. */
  list(filters: Filters, ctx: RequestContext, options: { detailed: boolean }): BackendNetwork[];
  /** By full id, name or unique id prefix, among networks of `scope` ('' = any). */
  inspect(term: string, options: { scope: string }): BackendNetwork;
  create(req: BackendNetworkCreate, ctx: RequestContext): { id: string; warning: string };
  remove(term: string, ctx: RequestContext): void;
  prune(filters: Filters, ctx: RequestContext): { deleted: string[] };
  /** `network` is the path's reference; the container side resolves both, in Docker's order. */
  connect(req: {
    container: string;
    network: string;
    endpointConfig: Record<string, unknown> | null;
    apiVersion: string;
  }): Promise<void>;
  disconnect(req: { container: string; network: string; force: boolean; apiVersion: string }): Promise<void>;
}
