import { randomBytes } from 'node:crypto';
import { forbidden } from '../../errors/index.js';
import {
  findNetwork,
  forceEndpointDelete,
  unknownContainer,
  type ConnectRequest,
  type DisconnectRequest,
  type NetworkAttachments,
  type NetworkDirectory,
} from './network-attachments.js';
import type { NetworkEndpoint } from './network-record.js';

interface FakeContainer {
  id: string;
  name: string;
  running: boolean;
  /** Network id (or, for a stopped container, the unresolved name it was connected to) → endpoint. */
  networks: Map<string, NetworkEndpoint | undefined>;
}

/**
 * NetworkAttachments for unit tests: containers are plain entries (`add`, `start`, `stop`); an
 * attached running container has an endpoint with the next address of 172.30.0.0/16. Passes the
 * NetworkAttachments contract.
 */
export class FakeNetworkAttachments implements NetworkAttachments {
  private readonly containers = new Map<string, FakeContainer>();
  private nextHost = 2;

  /** Adds a container; returns its 64-hex id. */
  add(name: string, options: { running?: boolean } = {}): string {
    const id = randomBytes(32).toString('hex');
    this.containers.set(id, { id, name, running: options.running ?? true, networks: new Map() });
    return id;
  }

  /** Starts a container: an endpoint (and a `connect` event) on every network it is attached to. */
  start(ref: string, networks: NetworkDirectory): void {
    const c = this.resolve(ref);
    c.running = true;
    for (const key of [...c.networks.keys()]) {
      const network = networks.find(key);
      c.networks.delete(key);
      c.networks.set(network.id, this.endpoint(c));
      networks.endpointConnected(network, c.id);
    }
  }

  /** Stops a container: its endpoints go (with `disconnect` events), its attachments stay. */
  stop(ref: string, networks: NetworkDirectory): void {
    const c = this.resolve(ref);
    c.running = false;
    for (const [key, ep] of c.networks) {
      if (!ep) continue;
      c.networks.set(key, undefined);
      networks.endpointDisconnected(networks.find(key), c.id);
    }
  }

  endpoints(networkId: string): NetworkEndpoint[] {
    const out: NetworkEndpoint[] = [];
    for (const c of this.containers.values()) {
      const ep = c.running ? c.networks.get(networkId) : undefined;
      if (ep) out.push(ep);
    }
    return out;
  }

  async connect(req: ConnectRequest, networks: NetworkDirectory): Promise<void> {
    const c = this.resolve(req.container);
    if (!c.running) {
      // Docker keeps a name that does not resolve yet for a stopped container.
      c.networks.set(findNetwork(networks, req.network)?.id ?? req.network, undefined);
      return;
    }
    const network = networks.find(req.network);
    if (c.networks.get(network.id)) {
      throw forbidden(`endpoint with name ${c.name} already exists in network ${network.name}`);
    }
    c.networks.set(network.id, this.endpoint(c));
    networks.endpointConnected(network, c.id);
  }

  async disconnect(req: DisconnectRequest, networks: NetworkDirectory): Promise<void> {
    let c: FakeContainer;
    try {
      c = this.resolve(req.container);
    } catch (err) {
      if (!req.force) throw err;
      const ep = forceEndpointDelete(req, networks, (id) => this.endpoints(id));
      const owner = this.containers.get(ep.containerId);
      const network = networks.find(req.network);
      owner?.networks.delete(network.id);
      networks.endpointDisconnected(network, ep.containerId);
      return;
    }
    const network = networks.find(req.network);
    if (!c.networks.has(network.id)) {
      throw new Error(`container ${c.id} is not connected to the network ${network.name}`);
    }
    const ep = c.networks.get(network.id);
    c.networks.delete(network.id);
    if (ep) networks.endpointDisconnected(network, c.id);
  }

  private resolve(ref: string): FakeContainer {
    for (const c of this.containers.values()) if (c.id === ref || c.name === ref) return c;
    const byPrefix = [...this.containers.values()].filter((c) => ref !== '' && c.id.startsWith(ref));
    if (byPrefix.length === 1) return byPrefix[0] as FakeContainer;
    throw unknownContainer(ref);
  }

  private endpoint(c: FakeContainer): NetworkEndpoint {
    const host = this.nextHost++;
    return {
      containerId: c.id,
      name: c.name,
      endpointId: randomBytes(32).toString('hex'),
      macAddress: `02:42:ac:1e:${((host >> 8) & 255).toString(16).padStart(2, '0')}:${(host & 255).toString(16).padStart(2, '0')}`,
      ipv4Address: `172.30.${host >> 8}.${host & 255}/16`,
      ipv6Address: '',
    };
  }
}
