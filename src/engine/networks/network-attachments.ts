import { invalidParameter, messages, notFound, systemError } from '../../errors/index.js';
import { apiVersionLess } from '../request-context.js';
import type { NetworkEndpoint, NetworkRecord } from './network-record.js';

/**
 * Docker's EndpointSettings (api/types/network/endpoint.go) as the client sent it in a connect body:
 * IPAMConfig, Links, Aliases, MacAddress, DriverOpts, GwPriority…; decoded JSON, unvalidated.
 */
export type EndpointSettings = Record<string, unknown>;

/** `POST /networks/{id}/connect`: `network` is the path's reference, unresolved. */
export interface ConnectRequest {
  container: string;
  network: string;
  endpointConfig: EndpointSettings | null;
  /** The request's API version (texts differ between 20.10 and 28, see RequestContext). */
  apiVersion: string;
}

/** `POST /networks/{id}/disconnect`: `network` is the path's reference, unresolved. */
export interface DisconnectRequest {
  container: string;
  network: string;
  force: boolean;
  apiVersion: string;
}

/**
 * What the network service lends the container side: Docker's FindNetwork, and the events an
 * endpoint's life produces. The NetworkService implements it.
 */
export interface NetworkDirectory {
  /**
   * moby daemon.FindNetwork: the network whose full id is `ref`, else the one named `ref`, else the
   * one whose id starts with `ref`. Throws not-found `network <ref> not found`, or invalid-parameter
   * `network <ref> is ambiguous (N matches found based on ID prefix)`.
   */
  find(ref: string): NetworkRecord;
  /** Publishes Docker's `connect` event (attributes container, name, type). */
  endpointConnected(network: NetworkRecord, containerId: string): void;
  /** Publishes Docker's `disconnect` event. */
  endpointDisconnected(network: NetworkRecord, containerId: string): void;
}

/**
 * Which containers are attached to which network: the container service's knowledge, lent to the
 * NetworkService (which owns only the network records). Implemented by the container side; the
 * routes' body checks happen before, network records are never changed by these calls.
 *
 * Contract (src/engine/networks/network-attachments.contract.ts, run by every implementation):
 * - `endpoints(id)` lists the containers attached to the network that are running: Docker counts
 *   only those (a stopped container keeps its attachment in its config, not an endpoint). The
 *   network service refuses to remove, and prune skips, a network with endpoints.
 * - `connect`/`disconnect` follow moby's daemon order: the container is resolved first (so an
 *   unknown container is `No such container: <ref>`, 404, whatever the network), then the network
 *   through `networks.find` as the container's state requires (Docker lets a stopped container be
 *   connected to a name that does not resolve yet, and disconnect by the name it was connected to).
 * - Whoever creates or deletes an endpoint (connect of a running container, start, stop, disconnect)
 *   calls `networks.endpointConnected` / `endpointDisconnected` once per endpoint, after the change.
 * - `disconnect` with `force` for a container that does not exist deletes its endpoint by name
 *   (moby ForceEndpointDelete): the network must resolve, then `endpoint <name> not found` (404).
 */
export interface NetworkAttachments {
  endpoints(networkId: string): NetworkEndpoint[];
  connect(req: ConnectRequest, networks: NetworkDirectory): Promise<void>;
  disconnect(req: DisconnectRequest, networks: NetworkDirectory): Promise<void>;
}

/**
 * The attachments of a daemon without containers (the NetworkService's default until the daemon
 * passes the container side's, ContainerNetworks): every connect and disconnect names a container
 * it does not know, and the answers are dockerd's for a container that does not exist.
 */
export const noContainerAttachments: NetworkAttachments = {
  endpoints: () => [],
  connect: async (req) => {
    throw unknownContainer(req.container);
  },
  disconnect: async (req, networks) => {
    if (!req.force) throw unknownContainer(req.container);
    forceEndpointDelete(req, networks, () => []);
  },
};

/** `directory.find(ref)`, or undefined where it finds none (for the callers Docker lets go on). */
export function findNetwork(directory: NetworkDirectory | undefined, ref: string): NetworkRecord | undefined {
  try {
    return directory?.find(ref);
  } catch {
    return undefined;
  }
}

/** moby daemon.GetContainer's answer for a reference that matches no container. */
export function unknownContainer(ref: string): Error {
  if (ref === '') return invalidParameter(messages.invalidContainerRef(ref));
  return notFound(messages.noSuchContainer(ref));
}

/**
 * moby ForceEndpointDelete, for a forced disconnect of a container that does not exist: the network
 * must resolve, then its endpoint named after the container is deleted, or `endpoint <name> not
 * found`. Returns the endpoint for the caller to delete.
 */
export function forceEndpointDelete(
  req: DisconnectRequest,
  networks: NetworkDirectory,
  endpoints: (networkId: string) => NetworkEndpoint[],
): NetworkEndpoint {
  const network = networks.find(req.network);
  // libnetwork EndpointByName refuses an empty name (a 500 in 20.10, a 400 in Docker 28).
  if (req.container === '') {
    const legacy = apiVersionLess(req.apiVersion, '1.42');
    const text = messages.invalidNetworkName('', legacy);
    throw legacy ? systemError(text) : invalidParameter(text);
  }
  const ep = endpoints(network.id).find((e) => e.name === req.container);
  if (!ep) throw notFound(messages.noSuchEndpoint(req.container));
  return ep;
}
