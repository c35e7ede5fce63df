import { randomBytes } from 'node:crypto';
import { forbidden, invalidParameter, messages, notFound, systemError } from '../../errors/index.js';
import {
  findNetwork,
  forceEndpointDelete,
  unknownContainer,
  type ConnectRequest,
  type DisconnectRequest,
  type EndpointSettings as EndpointRequest,
  type NetworkAttachments,
  type NetworkDirectory,
} from '../networks/network-attachments.js';
import type { NetworkEndpoint, NetworkRecord } from '../networks/network-record.js';
import type { ContainerRecord } from './container-record.js';

/**
 * Docker's EndpointSettings as a container keeps it (NetworkSettings.Networks[name]), in the field
 * order of API 1.41 that dockerd 20.10 prints. Operational data (NetworkID once started,
 * EndpointID while running) is filled by Strata; addresses stay empty: Strata gives a container on
 * a user network its own network namespace with loopback only (see README, Networks).
 */
export interface EndpointSettings {
  IPAMConfig: Record<string, unknown> | null;
  Links: string[] | null;
  Aliases: string[] | null;
  NetworkID: string;
  EndpointID: string;
  Gateway: string;
  IPAddress: string;
  IPPrefixLen: number;
  IPv6Gateway: string;
  GlobalIPv6Address: string;
  GlobalIPv6PrefixLen: number;
  MacAddress: string;
  DriverOpts: Record<string, string> | null;
}

/** The client's endpoint configuration (create's NetworkingConfig, connect's EndpointConfig) as kept. */
export function endpointSettings(given: EndpointRequest | null | undefined): EndpointSettings {
  const g = given ?? {};
  const strings = (v: unknown): string[] | null =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : null;
  const object = <T>(v: unknown): T | null =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as T) : null;
  return {
    IPAMConfig: object(g.IPAMConfig),
    Links: strings(g.Links),
    Aliases: strings(g.Aliases),
    NetworkID: typeof g.NetworkID === 'string' ? g.NetworkID : '',
    EndpointID: '',
    Gateway: '',
    IPAddress: '',
    IPPrefixLen: 0,
    IPv6Gateway: '',
    GlobalIPv6Address: '',
    GlobalIPv6PrefixLen: 0,
    MacAddress: typeof g.MacAddress === 'string' ? g.MacAddress : '',
    DriverOpts: object(g.DriverOpts),
  };
}

/** moby cleanOperationalData: what an endpoint loses when its container stops. */
function clearOperational(ep: EndpointSettings): void {
  ep.EndpointID = '';
  ep.Gateway = '';
  ep.IPAddress = '';
  ep.IPPrefixLen = 0;
  ep.IPv6Gateway = '';
  ep.GlobalIPv6Address = '';
  ep.GlobalIPv6PrefixLen = 0;
}

/** The network a mode names: `default` and `bridge` are Docker's bridge network; '' is `default`. */
function modeNetworkName(mode: string): string {
  return mode === '' || mode === 'default' ? 'bridge' : mode;
}

const isUserDefined = (mode: string): boolean =>
  !['', 'default', 'bridge', 'host', 'none'].includes(mode) && !mode.startsWith('container:');

/**
 * moby updateContainerNetworkSettings at create: `NetworkMode` defaults to `default`; a user
 * network is named by its name when it exists (start fails when it does not); the endpoints are the client's
 * NetworkingConfig, else one for the mode's network (`bridge` for `default`), kept by name.
 */
export function networksAtCreate(
  hostConfig: { NetworkMode?: string },
  endpointsConfig: Record<string, EndpointRequest | null> | null | undefined,
  directory: NetworkDirectory | undefined,
): Record<string, EndpointSettings> {
  const mode = hostConfig.NetworkMode || 'default';
  hostConfig.NetworkMode = mode;
  if (mode.startsWith('container:')) {
    throw invalidParameter(
      `network mode ${mode} is not supported by Strata: a container cannot join another container's network namespace`,
    );
  }
  let name = modeNetworkName(mode);
  let found: NetworkRecord | undefined;
  if (isUserDefined(mode)) {
    // A network that does not exist (yet) is the start's failure, not the create's (as moby).
    found = findNetwork(directory, mode);
    name = found?.name ?? mode;
  }
  const networks: Record<string, EndpointSettings> = {};
  for (const [key, ep] of Object.entries(endpointsConfig ?? {})) {
    // The docker CLI names the default network `default` (moby's create route renames it).
    networks[key === 'default' && mode === 'default' ? name : key] = endpointSettings(ep);
  }
  if (Object.keys(networks).length === 0) networks[name] = endpointSettings(null);
  if (found && !networks[name]) {
    const byId = networks[found.id];
    delete networks[found.id];
    networks[name] = byId ?? endpointSettings(null);
  }
  return networks;
}

/**
 * moby allocateNetwork at start, before the process runs: every network the container is attached
 * to must still exist. Strata is a dockerd without a bridge (`--bridge=none`): the `bridge`
 * endpoint of a `default` container stays empty (moby sets NetworkDisabled) and its process gets a
 * network namespace of its own, as on every network but `host`.
 */
export function resolveAtStart(
  rec: ContainerRecord,
  directory: NetworkDirectory | undefined,
): Array<[EndpointSettings, NetworkRecord]> {
  const out: Array<[EndpointSettings, NetworkRecord]> = [];
  for (const [key, ep] of Object.entries(rec.Networks ?? {})) {
    if (key === 'bridge') continue;
    if (!directory) throw notFound(messages.noSuchNetwork(key));
    out.push([ep, directory.find(ep.NetworkID || key)]);
  }
  return out;
}

/** Gives the resolved endpoints their operational data once the process runs; announces `connect`. */
export function joinNetworks(
  rec: ContainerRecord,
  joined: Array<[EndpointSettings, NetworkRecord]>,
  directory: NetworkDirectory | undefined,
): void {
  for (const [ep, network] of joined) {
    ep.NetworkID = network.id;
    ep.EndpointID = randomBytes(32).toString('hex');
    directory?.endpointConnected(network, rec.Id);
  }
}

/** moby releaseNetwork after an exit: endpoints go (with `disconnect`), attachments stay. */
export function leaveNetworks(rec: ContainerRecord, directory: NetworkDirectory | undefined): void {
  for (const ep of Object.values(rec.Networks ?? {})) {
    if (ep.EndpointID === '') continue;
    clearOperational(ep);
    // A network gone while the container ran (forced disconnect) has nothing to announce.
    const network = findNetwork(directory, ep.NetworkID);
    if (network) directory?.endpointDisconnected(network, rec.Id);
  }
}

/** What the container side needs to answer for NetworkAttachments. */
export interface ContainerLookup {
  find(ref: string): ContainerRecord | undefined;
  all(): Iterable<ContainerRecord>;
  persist(rec: ContainerRecord): void;
}

/**
 * NetworkAttachments over the container records (moby ConnectToNetwork, DisconnectFromNetwork):
 * a network's endpoints are its running containers; connect and disconnect change the record's
 * NetworkSettings.Networks and, for a running container, its endpoint. Passes the
 * NetworkAttachments contract.
 */
export class ContainerNetworks implements NetworkAttachments {
  constructor(private readonly containers: ContainerLookup) {}

  endpoints(networkId: string): NetworkEndpoint[] {
    const out: NetworkEndpoint[] = [];
    for (const rec of this.containers.all()) {
      if (!rec.State.Running) continue;
      for (const ep of Object.values(rec.Networks ?? {})) {
        if (ep.NetworkID !== networkId || ep.EndpointID === '') continue;
        out.push({
          containerId: rec.Id,
          name: rec.Name.slice(1),
          endpointId: ep.EndpointID,
          macAddress: ep.MacAddress,
          ipv4Address: ep.IPAddress === '' ? '' : `${ep.IPAddress}/${ep.IPPrefixLen}`,
          ipv6Address: ep.GlobalIPv6Address === '' ? '' : `${ep.GlobalIPv6Address}/${ep.GlobalIPv6PrefixLen}`,
        });
      }
    }
    return out;
  }

  async connect(req: ConnectRequest, networks: NetworkDirectory): Promise<void> {
    const rec = this.lookup(req.container);
    if (rec.State.Status === 'removing' || rec.State.Dead) throw removalInProgress(rec.Id);
    const own = (rec.Networks ??= {});
    if (!rec.State.Running) {
      // moby keeps a name that does not resolve (yet) for a stopped container.
      const network = findNetwork(networks, req.network);
      if (!network) {
        own[req.network] = endpointSettings(req.endpointConfig);
      } else {
        if (!this.mayJoin(rec, network, networks)) return;
        own[network.name] = endpointSettings(req.endpointConfig);
      }
      this.containers.persist(rec);
      return;
    }
    const network = networks.find(req.network);
    const current = own[network.name];
    if (current && current.EndpointID !== '') {
      throw forbidden(`endpoint with name ${rec.Name.slice(1)} already exists in network ${network.name}`);
    }
    if (!this.mayJoin(rec, network, networks)) return;
    const ep = endpointSettings(req.endpointConfig);
    own[network.name] = ep;
    joinNetworks(rec, [[ep, network]], networks);
    this.containers.persist(rec);
  }

  async disconnect(req: DisconnectRequest, networks: NetworkDirectory): Promise<void> {
    const rec = this.containers.find(req.container);
    if (!rec) {
      if (!req.force) throw unknownContainer(req.container);
      forceEndpointDelete(req, networks, (id) => this.endpoints(id));
      return;
    }
    let network: NetworkRecord | undefined;
    let lookupError: unknown;
    try {
      network = networks.find(req.network);
    } catch (err) {
      lookupError = err;
    }
    const own = (rec.Networks ??= {});
    if (!rec.State.Running || (lookupError !== undefined && req.force)) {
      if (rec.State.Status === 'removing' || rec.State.Dead) throw removalInProgress(rec.Id);
      const name = network?.name ?? req.network;
      if (!own[name]) throw systemError(`container ${rec.Id} is not connected to the network ${name}`);
      const ep = own[name];
      delete own[name];
      if (ep && ep.EndpointID !== '' && network) networks.endpointDisconnected(network, rec.Id);
      this.containers.persist(rec);
      return;
    }
    if (!network) throw lookupError;
    if (rec.HostConfig.NetworkMode === 'host' && network.driver === 'host') {
      throw invalidParameter(
        'cannot disconnect container from host network - container was created in host network mode',
      );
    }
    const ep = own[network.name];
    if (!ep || ep.NetworkID !== network.id || ep.EndpointID === '') {
      throw systemError(`container ${rec.Id} is not connected to network ${network.name}`);
    }
    delete own[network.name];
    networks.endpointDisconnected(network, rec.Id);
    this.containers.persist(rec);
  }

  private lookup(ref: string): ContainerRecord {
    const rec = this.containers.find(ref);
    if (!rec) throw unknownContainer(ref);
    return rec;
  }

  /**
   * moby updateNetworkSettings' checks: only a host-mode container is on the host network; a
   * container in another's namespace or the host's joins nothing more; `none` stays alone. False
   * when the container is already attached (nothing to do for a stopped one).
   */
  private mayJoin(rec: ContainerRecord, network: NetworkRecord, networks: NetworkDirectory): boolean {
    const mode = rec.HostConfig.NetworkMode ?? 'default';
    if (mode !== 'host' && network.driver === 'host') {
      throw invalidParameter(
        'cannot connect container to host network - container must be created in host network mode',
      );
    }
    for (const [key, ep] of Object.entries(rec.Networks ?? {})) {
      const other = findNetwork(networks, ep.NetworkID || key);
      const otherName = other?.name ?? key;
      if (otherName === network.name) return false;
      const otherDriver = other?.driver ?? (key === 'bridge' ? 'bridge' : '');
      if (otherDriver === 'host' || network.driver === 'host' || mode.startsWith('container:')) {
        throw invalidParameter(
          'container sharing network namespace with another container or host cannot be connected to any other network',
        );
      }
      if (otherName === 'none' || network.name === 'none') {
        throw invalidParameter(
          'container cannot be connected to multiple networks with one of the networks in private (none) mode',
        );
      }
    }
    return true;
  }
}

/** moby errRemovalContainer. */
function removalInProgress(id: string): Error {
  return invalidParameter(
    `Container ${id} is marked for removal and cannot be connected or disconnected to the network`,
  );
}
