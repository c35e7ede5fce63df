import { resolve } from 'node:path';
import { kvStringsToMap, processEnvLookup, readKeyValueStrings, type EnvLookup } from './env-file.js';
import type { ParsedFlags } from './flags.js';
import { parseMountFlag, parseVolumeSpec, sortedKeys } from './mount-spec.js';
import { isUserDefinedNetwork, parseNetworkFlag, type NetworkAttachment } from './network-flag.js';

/**
 * `run`/`create` flags into the `POST /containers/create` body, as docker/cli container/opts.go
 * parse() builds it and Go's encoding/json writes it: the same fields in the same order, the same
 * nulls and empty maps, map keys sorted. Errors are docker's texts (the command adds `docker: …`).
 */
export interface ContainerRequest {
  /** Config fields, then HostConfig and NetworkingConfig: the request body. */
  body: Record<string, unknown>;
  attachStdin: boolean;
  attachStdout: boolean;
  attachStderr: boolean;
  tty: boolean;
  autoRemove: boolean;
}

export interface ContainerRequestInput {
  flags: ParsedFlags;
  image: string;
  args: readonly string[];
  /** [height, width] of the client's terminal, [0, 0] when stdout is not one. */
  consoleSize: [number, number];
  cwd?: string;
  lookup?: EnvLookup;
}

const pullModes = ['always', 'missing', 'never'];

/** validatePullOpt. */
export function validatePullOption(value: string): void {
  if (value !== '' && !pullModes.includes(value)) {
    throw new Error(`invalid pull option: '${value}': must be one of "always", "missing" or "never"`);
  }
}

/**
 * The client's environment for the container (run.go: the `-e` values go through a map before
 * parse, so a name given twice keeps its last value), then env files before `-e` values.
 */
function containerEnv(flags: ParsedFlags, lookup: EnvLookup): string[] | null {
  const byKey = new Map<string, string>();
  for (const e of flags.list('env')) {
    const eq = e.indexOf('=');
    byKey.set(eq < 0 ? e : e.slice(0, eq), e);
  }
  return readKeyValueStrings(flags.list('env-file'), [...byKey.values()], lookup);
}

/** opts.ParseRestartPolicy. */
function restartPolicy(policy: string): { Name: string; MaximumRetryCount: number } {
  if (policy === '') return { Name: '', MaximumRetryCount: 0 };
  const colon = policy.indexOf(':');
  const name = colon < 0 ? policy : policy.slice(0, colon);
  const count = colon < 0 ? '' : policy.slice(colon + 1);
  if (colon >= 0 && name === '')
    throw new Error('invalid restart policy format: no policy provided before colon');
  if (count !== '' && !/^[+-]?\d+$/.test(count))
    throw new Error('invalid restart policy format: maximum retry count must be an integer');
  return { Name: name, MaximumRetryCount: count === '' ? 0 : Number(count) };
}

/** client normalizeCapabilities: upper case, `CAP_` prefixed (but `ALL`), unique, sorted. */
function capabilities(caps: readonly string[]): string[] | null {
  const out = [
    ...new Set(
      caps.map((c) => c.toUpperCase()).map((c) => (c === 'ALL' || c.startsWith('CAP_') ? c : `CAP_${c}`)),
    ),
  ];
  return out.length > 0 ? out.sort() : null;
}

/** `-v` specs: binds (host paths, named volumes) vs anonymous volumes (`Config.Volumes`). */
function splitVolumes(specs: readonly string[], cwd: string): { binds: string[] | null; volumes: string[] } {
  const unique = [...new Set(specs)];
  const binds: string[] = [];
  const volumes: string[] = [];
  for (const spec of unique) {
    const parsed = parseVolumeSpec(spec);
    if (parsed.source === '') {
      volumes.push(spec);
      continue;
    }
    let bind = spec;
    const colon = spec.indexOf(':');
    if (parsed.type === 'bind' && colon >= 0) {
      const host = spec.slice(0, colon);
      if (!host.startsWith('/') && host.startsWith('.')) bind = `${resolve(cwd, host)}${spec.slice(colon)}`;
    }
    binds.push(bind);
  }
  return { binds: binds.length > 0 ? binds : null, volumes };
}

/** network.EndpointSettings as json.Marshal writes it. */
function endpointSettings(a: NetworkAttachment): Record<string, unknown> {
  const ipam: Record<string, unknown> = {};
  if (a.ipv4Address) ipam.IPv4Address = a.ipv4Address;
  if (a.ipv6Address) ipam.IPv6Address = a.ipv6Address;
  if (a.linkLocalIPs.length > 0) ipam.LinkLocalIPs = a.linkLocalIPs;
  return {
    IPAMConfig: Object.keys(ipam).length > 0 ? ipam : null,
    Links: null,
    Aliases: a.aliases.length > 0 ? a.aliases : null,
    MacAddress: a.macAddress,
    DriverOpts: a.driverOpts ? sortedKeys(a.driverOpts) : null,
    GwPriority: a.gwPriority,
    NetworkID: '',
    EndpointID: '',
    Gateway: '',
    IPAddress: '',
    IPPrefixLen: 0,
    IPv6Gateway: '',
    GlobalIPv6Address: '',
    GlobalIPv6PrefixLen: 0,
    DNSNames: null,
  };
}

const isEmptyEndpoint = (a: NetworkAttachment): boolean =>
  a.aliases.length === 0 &&
  !a.driverOpts &&
  !a.ipv4Address &&
  !a.ipv6Address &&
  a.linkLocalIPs.length === 0 &&
  !a.macAddress &&
  a.gwPriority === 0;

/** parseNetworkOpts with the container-wide `--network-alias` applied to the first network. */
function networkEndpoints(flags: ParsedFlags): Record<string, unknown> {
  const given = [...flags.list('net'), ...flags.list('network')].map(parseNetworkFlag);
  const aliases = [...flags.list('net-alias'), ...flags.list('network-alias')];
  const endpoints: Record<string, unknown> = {};
  /** applyContainerOptions (first network only) and parseNetworkAttachmentOpt's checks. */
  const settle = (a: NetworkAttachment, first: boolean): NetworkAttachment => {
    if (first && a.aliases.length > 0 && aliases.length > 0)
      throw new Error('conflicting options: cannot specify both --network-alias and per-network alias');
    const out = first && aliases.length > 0 ? { ...a, aliases: [...aliases] } : a;
    if (out.target.trim() === '') throw new Error('no name set for network');
    if (!isUserDefinedNetwork(out.target) && out.aliases.length > 0)
      throw new Error('network-scoped aliases are only supported for user-defined networks');
    return out;
  };
  if (given.length === 0) endpoints.default = endpointSettings(settle(parseNetworkFlag('default'), true));
  let userDefined = false;
  let builtin = false;
  for (const [i, raw] of given.entries()) {
    if (isUserDefinedNetwork(raw.target)) userDefined = true;
    else builtin = true;
    const a = settle(raw, i === 0);
    if (a.target in endpoints) throw new Error(`network "${a.target}" is specified multiple times`);
    if (i === 0 && given.length === 1 && isEmptyEndpoint(a)) continue;
    endpoints[a.target] = endpointSettings(a);
  }
  if (userDefined && builtin)
    throw new Error(
      'conflicting options: cannot attach both user-defined and non-user-defined network-modes',
    );
  return sortedKeys(endpoints) ?? {};
}

/** Builds the create request from parsed `run`/`create` flags; throws docker's parse errors. */
export function buildContainerRequest(input: ContainerRequestInput): ContainerRequest {
  const { flags } = input;
  const cwd = input.cwd ?? process.cwd();
  const lookup = input.lookup ?? processEnvLookup;
  const attach = flags.list('attach');
  const openStdin = flags.bool('interactive');
  const attachStdin = attach.includes('stdin') || openStdin;
  const attachStdout = attach.length === 0 || attach.includes('stdout');
  const attachStderr = attach.length === 0 || attach.includes('stderr');
  const tty = flags.bool('tty');

  const { binds, volumes } = splitVolumes(flags.list('volume'), cwd);
  const tmpfs: Record<string, string> = {};
  for (const t of flags.list('tmpfs')) {
    const colon = t.indexOf(':');
    tmpfs[colon < 0 ? t : t.slice(0, colon)] = colon < 0 ? '' : t.slice(colon + 1);
  }
  let entrypoint: string[] | null = null;
  if (flags.string('entrypoint') !== '') entrypoint = [flags.string('entrypoint')];
  else if (flags.changed.has('entrypoint')) entrypoint = [''];

  const env = containerEnv(flags, lookup);
  const labels = readKeyValueStrings(flags.list('label-file'), flags.list('label')) ?? [];
  const restart = restartPolicy(flags.string('restart'));
  const autoRemove = flags.bool('rm');
  if (autoRemove && !(restart.Name === 'no' || restart.Name === ''))
    throw new Error('conflicting options: cannot specify both --restart and --rm');
  const networks = [...flags.list('net'), ...flags.list('network')];
  const endpoints = networkEndpoints(flags);
  const mounts = flags.list('mount').map((m) => parseMountFlag(m, cwd));
  const list = (name: string): string[] | null => (flags.list(name).length > 0 ? flags.list(name) : null);

  const body: Record<string, unknown> = {
    Hostname: flags.string('hostname'),
    Domainname: flags.string('domainname'),
    User: flags.string('user'),
    AttachStdin: attachStdin,
    AttachStdout: attachStdout,
    AttachStderr: attachStderr,
    Tty: tty,
    OpenStdin: openStdin,
    StdinOnce: openStdin && attachStdin,
    Env: env,
    Cmd: input.args.length > 0 ? [...input.args] : null,
    Image: input.image,
    Volumes: Object.fromEntries(volumes.sort().map((v) => [v, {}])),
    WorkingDir: flags.string('workdir'),
    Entrypoint: entrypoint,
    OnBuild: null,
    Labels: sortedKeys(kvStringsToMap(labels)),
  };
  if (flags.string('stop-signal') !== '') body.StopSignal = flags.string('stop-signal');
  if (flags.changed.has('stop-timeout')) body.StopTimeout = flags.number('stop-timeout');

  const hostConfig: Record<string, unknown> = {
    Binds: binds,
    ContainerIDFile: '',
    LogConfig: { Type: '', Config: {} },
    NetworkMode: networks.length > 0 ? parseNetworkFlag(networks[0] as string).target : 'default',
    PortBindings: {},
    RestartPolicy: restart,
    AutoRemove: autoRemove,
    VolumeDriver: flags.string('volume-driver'),
    VolumesFrom: list('volumes-from'),
    ConsoleSize: input.consoleSize,
    CapAdd: capabilities(flags.list('cap-add')),
    CapDrop: capabilities(flags.list('cap-drop')),
    CgroupnsMode: '',
    Dns: [],
    DnsOptions: [],
    DnsSearch: [],
    ExtraHosts: null,
    GroupAdd: list('group-add'),
    IpcMode: '',
    Cgroup: '',
    Links: null,
    OomScoreAdj: 0,
    PidMode: '',
    Privileged: flags.bool('privileged'),
    PublishAllPorts: false,
    ReadonlyRootfs: flags.bool('read-only'),
    SecurityOpt: null,
  };
  if (Object.keys(tmpfs).length > 0) hostConfig.Tmpfs = sortedKeys(tmpfs);
  Object.assign(hostConfig, {
    UTSMode: '',
    UsernsMode: '',
    ShmSize: 0,
    Isolation: '',
    CpuShares: 0,
    Memory: 0,
    NanoCpus: 0,
    CgroupParent: '',
    BlkioWeight: 0,
    BlkioWeightDevice: [],
    BlkioDeviceReadBps: [],
    BlkioDeviceWriteBps: [],
    BlkioDeviceReadIOps: [],
    BlkioDeviceWriteIOps: [],
    CpuPeriod: 0,
    CpuQuota: 0,
    CpuRealtimePeriod: 0,
    CpuRealtimeRuntime: 0,
    CpusetCpus: '',
    CpusetMems: '',
    Devices: [],
    DeviceCgroupRules: null,
    DeviceRequests: null,
    MemoryReservation: 0,
    MemorySwap: 0,
    MemorySwappiness: -1,
    OomKillDisable: false,
    PidsLimit: 0,
    Ulimits: [],
    CpuCount: 0,
    CpuPercent: 0,
    IOMaximumIOps: 0,
    IOMaximumBandwidth: 0,
  });
  if (mounts.length > 0) hostConfig.Mounts = mounts;
  hostConfig.MaskedPaths = null;
  hostConfig.ReadonlyPaths = null;
  if (flags.changed.has('init')) hostConfig.Init = flags.bool('init');

  body.HostConfig = hostConfig;
  body.NetworkingConfig = { EndpointsConfig: endpoints };
  return { body, attachStdin, attachStdout, attachStderr, tty, autoRemove };
}
