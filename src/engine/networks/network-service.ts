import { forbidden, messages } from '../../errors/index.js';
import type { MetadataStore } from '../../store/metadata-store.js';
import type { EventBus } from '../event-bus.js';
import { FilterArgs, type FilterQuery } from '../filter-args.js';
import { pruneUntil } from '../prune-until.js';
import { apiVersionLess, type RequestContext } from '../request-context.js';
import { generateVolumeId } from '../volume-id.js';
import type { IpPrefix } from './ip-prefix.js';
import { DefaultPools } from './ipam.js';
import {
  noContainerAttachments,
  type ConnectRequest,
  type DisconnectRequest,
  type NetworkAttachments,
  type NetworkDirectory,
} from './network-attachments.js';
import { planNetwork, type CreateNetworkRequest } from './network-create.js';
import { filterNetworks } from './network-filters.js';
import { lookupNetwork } from './network-lookup.js';
import {
  plainNetworkRecord,
  predefinedNetworkNames,
  type NetworkRecord,
  type NetworkView,
} from './network-record.js';

export interface NetworkServiceOptions {
  store: MetadataStore;
  events: EventBus;
  /** Who is attached where; until the container side provides one, nobody is. */
  attachments?: NetworkAttachments;
  /** Host networks default pools avoid (readReservedNetworks); asked at each create. */
  reservedNetworks?: () => IpPrefix[];
  /** Unix nanoseconds, for creation times. */
  clock?: () => bigint;
}

/** The networks a dockerd started with `--bridge=none` has: host and none (driver `null`). */
const predefined: ReadonlyArray<{ name: string; driver: string }> = [
  { name: 'host', driver: 'host' },
  { name: 'none', driver: 'null' },
];

const pruneFilters = new Set(['label', 'label!', 'until']);

/**
 * Docker's networks as records (moby daemon/network.go over libnetwork's controller and store): the
 * catalog's `networks` table, cached in memory and written through before any answer. No bridge,
 * link or firewall rule exists behind a network; which containers are attached is the container
 * side's knowledge, asked through NetworkAttachments. Every call is synchronous up to the
 * attachments', so no two creates or removes interleave.
 */
export class NetworkService implements NetworkDirectory {
  private readonly store: MetadataStore;
  private readonly events: EventBus;
  private readonly reserved: () => IpPrefix[];
  private readonly clock: () => bigint;
  private attachments: NetworkAttachments;
  private readonly networks = new Map<string, NetworkRecord>();
  private readonly pools = new DefaultPools();

  constructor(options: NetworkServiceOptions) {
    this.store = options.store;
    this.events = options.events;
    this.attachments = options.attachments ?? noContainerAttachments;
    this.reserved = options.reservedNetworks ?? (() => []);
    this.clock =
      options.clock ?? (() => BigInt(Date.now()) * 1_000_000n + (process.hrtime.bigint() % 1_000_000n));
  }

  /** Loads the catalog and makes sure the predefined networks exist (made once, kept across restarts). */
  init(): void {
    for (const row of this.store.listNetworks()) {
      this.networks.set(row.id, row.record as unknown as NetworkRecord);
    }
    for (const p of predefined) {
      if ([...this.networks.values()].some((n) => n.name === p.name)) continue;
      this.save(
        plainNetworkRecord({
          id: generateVolumeId(),
          name: p.name,
          created: rfc3339NanoUtc(this.clock()),
          driver: p.driver,
        }),
      );
    }
  }

  /** Replaces the attachments (the daemon passes the container side's once it is built). */
  setAttachments(attachments: NetworkAttachments): void {
    this.attachments = attachments;
  }

  /**
   * `GET /networks`: filtered, by name. `detailed` (API < 1.28) fills in the endpoints, as list
   * entries had them then; newer list entries have none.
   */
  list(query: FilterQuery, ctx: RequestContext, options: { detailed: boolean }): NetworkView[] {
    const found = filterNetworks(this.sorted(), query, { legacy: legacy(ctx) });
    return found.map((n) => ({ ...n, endpoints: options.detailed ? this.attachments.endpoints(n.id) : [] }));
  }

  /** `GET /networks/{id}`: only networks of `scope` when one is asked (all are `local`). */
  inspect(term: string, options: { scope: string }): NetworkView {
    const candidates = this.sorted().filter((n) => options.scope === '' || n.scope === options.scope);
    const n = lookupNetwork(candidates, term, { inspectTexts: true });
    return { ...n, endpoints: this.attachments.endpoints(n.id) };
  }

  find(ref: string): NetworkRecord {
    return lookupNetwork(this.networks.values(), ref);
  }

  /** `POST /networks/create`; a name that is taken is a conflict at every API version (see README). */
  create(req: CreateNetworkRequest, ctx: RequestContext): { id: string; warning: string } {
    const planned = planNetwork(req, {
      legacy: legacy(ctx),
      existing: [...this.networks.values()],
      pools: this.pools,
      reserved: legacy(ctx) ? [] : this.reserved(),
    });
    const rec: NetworkRecord = { id: generateVolumeId(), created: rfc3339NanoUtc(this.clock()), ...planned };
    this.save(rec);
    this.emit('create', rec);
    return { id: rec.id, warning: '' };
  }

  /** `DELETE /networks/{id}` (moby findUniqueNetwork + DeleteNetwork). */
  remove(term: string, ctx: RequestContext): void {
    const rec = lookupNetwork(this.networks.values(), term);
    if (predefinedNetworkNames.has(rec.name)) throw forbidden(messages.predefinedNetworkRemove(rec.name));
    if (rec.configOnly && [...this.networks.values()].some((n) => n.configFrom === rec.name)) {
      throw forbidden(messages.errorRemovingNetwork(messages.configNetworkInUse(rec.name)));
    }
    const endpoints = this.attachments.endpoints(rec.id);
    if (endpoints.length > 0) {
      const names = legacy(ctx)
        ? null
        : endpoints.map((e) => `name:"${e.name}" id:"${e.endpointId.slice(0, 12)}"`);
      throw forbidden(messages.errorRemovingNetwork(messages.activeEndpoints(rec.name, rec.id, names)));
    }
    this.forget(rec);
  }

  /**
   * `POST /networks/prune` (moby localNetworksPrune): user networks without endpoints, created no
   * later than `until`, matching `label` and not `label!`; config-only networks stay. Names of the
   * removed ones, in list order.
   */
  prune(query: FilterQuery, ctx: RequestContext): { deleted: string[] } {
    const filters = FilterArgs.of(query);
    filters.validate(pruneFilters, { legacyErrors: legacy(ctx) });
    const until = pruneUntil(filters, { legacy: legacy(ctx) });
    const deleted: string[] = [];
    for (const rec of this.sorted()) {
      if (rec.configOnly || predefinedNetworkNames.has(rec.name)) continue;
      if (until !== undefined && createdNanos(rec.created) > until) continue;
      if (!filters.matchAllLabels('label', rec.labels)) continue;
      if (filters.has('label!') && filters.matchAllLabels('label!', rec.labels)) continue;
      if (this.attachments.endpoints(rec.id).length > 0) continue;
      this.forget(rec);
      deleted.push(rec.name);
    }
    this.events.publish({
      Type: 'network',
      Action: 'prune',
      Actor: { ID: '', Attributes: { reclaimed: '0' } },
    });
    return { deleted };
  }

  /** `POST /networks/{id}/connect`: the attachments resolve container and network, in Docker's order. */
  async connect(req: ConnectRequest): Promise<void> {
    await this.attachments.connect(req, this);
  }

  /** `POST /networks/{id}/disconnect`. */
  async disconnect(req: DisconnectRequest): Promise<void> {
    await this.attachments.disconnect(req, this);
  }

  endpointConnected(network: NetworkRecord, containerId: string): void {
    this.emit('connect', network, { container: containerId });
  }

  endpointDisconnected(network: NetworkRecord, containerId: string): void {
    this.emit('disconnect', network, { container: containerId });
  }

  private sorted(): NetworkRecord[] {
    return [...this.networks.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  private save(rec: NetworkRecord): void {
    this.store.putNetwork({ id: rec.id, name: rec.name, record: rec as unknown as Record<string, unknown> });
    this.networks.set(rec.id, rec);
  }

  /** Deletes the record; Docker announces no `destroy` for a config-only network. */
  private forget(rec: NetworkRecord): void {
    this.store.deleteNetwork(rec.id);
    this.networks.delete(rec.id);
    if (!rec.configOnly) this.emit('destroy', rec);
  }

  private emit(action: string, rec: NetworkRecord, extra: Record<string, string> = {}): void {
    this.events.publish({
      Type: 'network',
      Action: action,
      Actor: { ID: rec.id, Attributes: { ...extra, name: rec.name, type: rec.driver } },
    });
  }
}

const legacy = (ctx: RequestContext): boolean => apiVersionLess(ctx.apiVersion, '1.42');

/** `2026-11-27T22:18:03.197391703Z` from unix nanoseconds. */
export function rfc3339NanoUtc(ns: bigint): string {
  const ms = Number(ns / 1_000_000_000n) * 1000;
  const frac = String(ns % 1_000_000_000n).padStart(9, '0');
  return `${new Date(ms).toISOString().slice(0, 19)}.${frac}Z`;
}

function createdNanos(text: string): bigint {
  const m = /^(.{19})(?:\.(\d{1,9}))?Z$/.exec(text);
  if (!m) return 0n;
  const sec = BigInt(Date.parse(`${m[1] as string}Z`) / 1000);
  return sec * 1_000_000_000n + BigInt((m[2] ?? '').padEnd(9, '0'));
}
