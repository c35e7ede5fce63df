import {
  conflict,
  forbidden,
  invalidParameter,
  messages,
  notFound,
  systemError,
} from '../../errors/index.js';
import { parsePrefix, type IpPrefix } from './ip-prefix.js';
import { planIpam, poolsOf, type DefaultPools } from './ipam.js';
import { validateIpam, type IpamConfigRequest } from './ipam-validate.js';
import { defaultNetworkDriver, predefinedNetworkNames, type NetworkRecord } from './network-record.js';

/** `POST /networks/create` as the engine takes it; absent and null mean "not given". */
export interface CreateNetworkRequest {
  name: string;
  driver?: string;
  scope?: string;
  /** Docker 28 reads it from API 1.48 on; the route drops it for older requests. */
  enableIPv4?: boolean | null;
  enableIPv6?: boolean | null;
  ipam?: {
    driver?: string;
    options?: Record<string, string> | null;
    config?: IpamConfigRequest[] | null;
  } | null;
  internal?: boolean;
  attachable?: boolean;
  ingress?: boolean;
  configOnly?: boolean;
  /** `ConfigFrom.Network`. */
  configFrom?: string | null;
  options?: Record<string, string> | null;
  labels?: Record<string, string> | null;
}

/** What a new record is checked against. */
export interface CreateContext {
  legacy: boolean;
  existing: readonly NetworkRecord[];
  pools: DefaultPools;
  reserved: readonly IpPrefix[];
}

const enableIPv4Option = 'com.docker.network.enable_ipv4';
const enableIPv6Option = 'com.docker.network.enable_ipv6';

/**
 * moby daemon createNetwork + libnetwork NewNetwork for the drivers Strata records (bridge; and
 * config-only networks): checks in Docker's order, then the IPAM plan. Returns the record without
 * id and creation time. Docker's answers where Strata differs in what it supports: `overlay` needs a
 * swarm manager; other drivers (macvlan, ipvlan, plugins) and IPAM drivers are plugins not found.
 */
export function planNetwork(
  req: CreateNetworkRequest,
  ctx: CreateContext,
): Omit<NetworkRecord, 'id' | 'created'> {
  const { legacy } = ctx;
  const name = req.name;
  if (predefinedNetworkNames.has(name)) throw forbidden(messages.predefinedNetworkOperation(name));
  const driver = req.driver || defaultNetworkDriver;
  if (driver === 'overlay') throw forbidden(messages.notSwarmManager);

  const options = { ...(req.options ?? {}) };
  let enableIPv4 = true;
  let enableIPv6 = req.enableIPv6 ?? false;
  if (!legacy) {
    enableIPv4 = boolSetting(req.enableIPv4, options, enableIPv4Option) ?? true;
    enableIPv6 = boolSetting(req.enableIPv6, options, enableIPv6Option) ?? false;
  }
  const ipamConfig = req.ipam?.config ?? [];
  if (legacy) {
    const bad = ipamConfig.find((c) => parsePrefix(c.subnet) === undefined);
    if (bad) throw systemError(messages.legacyInvalidSubnet(bad.subnet));
  } else {
    const errors = validateIpam(ipamConfig, enableIPv6);
    if (errors.length > 0) throw invalidParameter(messages.invalidNetworkConfig(errors));
  }

  if (name.trim() === '') {
    const text = messages.invalidNetworkName(name, legacy);
    throw legacy ? systemError(text) : invalidParameter(text);
  }
  if (ctx.existing.some((n) => n.name === name)) throw conflict(messages.networkNameExists(name));

  const scope = req.scope ?? '';
  const configFrom = req.configFrom ?? '';
  const labels = { ...(req.labels ?? {}) };
  const ipamDriver = req.ipam?.driver || 'default';
  let ipamOptions = req.ipam?.options ?? null;
  if (req.configOnly && (req.ingress || req.internal || req.attachable || scope !== '')) {
    throw forbidden(messages.configOnlyOperatorFields);
  }
  if (configFrom !== '') {
    if (req.configOnly) throw forbidden(messages.configFromConfigOnly);
    const userConfig =
      ipamDriver !== 'default' ||
      !enableIPv4 ||
      enableIPv6 ||
      Object.keys(labels).length > 0 ||
      Object.keys(ipamOptions ?? {}).length > 0 ||
      ipamConfig.length > 0 ||
      Object.keys(options).length > 0;
    if (userConfig) throw forbidden(messages.configFromUserConfig);
  }

  const base = {
    name,
    driver,
    scope: 'local',
    enableIPv4,
    enableIPv6,
    internal: req.internal ?? false,
    attachable: req.attachable ?? false,
    ingress: req.ingress ?? false,
    configFrom,
    configOnly: req.configOnly ?? false,
    options,
    labels,
  };
  if (base.configOnly) {
    // Kept as given, for networks that take their configuration from this one; nothing is allocated.
    const byFamily = [...ipamConfig].sort((a, b) => familyOf(a) - familyOf(b));
    return {
      ...base,
      driver: 'null',
      ipam: { driver: ipamDriver, options: ipamOptions, config: byFamily.map(toEntry), allocated: [] },
    };
  }

  if (driver === 'host' || driver === 'null') throw forbidden(messages.onlyOneNetworkInstance(driver));
  if (driver !== defaultNetworkDriver) throw notFound(messages.networkPluginNotFound(driver));
  if (req.ingress) throw forbidden(messages.ingressNotGlobal);
  if (scope === 'swarm') throw forbidden(messages.swarmScopeInactive);
  // 20.10 sent other scopes to the (absent) swarm manager; Docker 28 keeps the scope it was given.
  if (scope !== '' && scope !== 'local') {
    if (legacy) throw systemError(messages.notSwarmManager);
    base.scope = scope;
  }

  let config = ipamConfig;
  if (configFrom !== '') {
    const source = ctx.existing.find((n) => n.name === configFrom && n.configOnly);
    if (!source) throw notFound(messages.configNetworkMissing(configFrom));
    base.enableIPv4 = source.enableIPv4;
    base.enableIPv6 = source.enableIPv6;
    base.options = { ...source.options };
    ipamOptions = source.ipam.options;
    config = source.ipam.config;
  }
  if (ipamDriver !== 'default') throw notFound(messages.networkPluginNotFound(ipamDriver));

  const planned = planIpam(
    { config, enableIPv4: base.enableIPv4, enableIPv6: base.enableIPv6 },
    {
      legacy,
      inUse: ctx.existing.flatMap(poolsOf),
      reserved: ctx.reserved,
      pools: ctx.pools,
    },
  );
  if (!legacy && !base.enableIPv4 && !base.enableIPv6) throw invalidParameter(messages.noIpFamily);
  const ipv6Option = base.options[enableIPv6Option];
  if (legacy && ipv6Option !== undefined && goParseBool(ipv6Option) === undefined) {
    throw systemError(messages.bridgeOptionNotBool(enableIPv6Option, ipv6Option));
  }
  return { ...base, ipam: { driver: 'default', options: ipamOptions, ...planned } };
}

/**
 * A flag given in the body wins (and its driver option is dropped); else the driver option, which
 * must be a Go bool; undefined when neither says.
 */
function boolSetting(
  given: boolean | null | undefined,
  options: Record<string, string>,
  key: string,
): boolean | undefined {
  if (given !== null && given !== undefined) {
    delete options[key];
    return given;
  }
  const text = options[key];
  if (text === undefined) return undefined;
  const value = goParseBool(text);
  if (value === undefined) throw invalidParameter(messages.driverOptNotBool(key));
  return value;
}

/** strconv.ParseBool; undefined for anything else. */
export function goParseBool(text: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  return undefined;
}

function familyOf(c: IpamConfigRequest): number {
  return parsePrefix(c.subnet)?.family ?? 4;
}

function toEntry(c: IpamConfigRequest): NetworkRecord['ipam']['config'][number] {
  return { subnet: c.subnet, ipRange: c.ipRange, gateway: c.gateway, auxAddresses: c.auxAddresses };
}
