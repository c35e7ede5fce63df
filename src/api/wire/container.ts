import type { BackendContainer, BackendMountPoint } from '../container-backend.js';

/**
 * The seam where an engine container becomes Docker's wire shapes: `GET /containers/{id}/json`
 * (ContainerJSON) and `GET /containers/json` (container.Summary), in Go's field order.
 */

/** For records whose mount points carry their source (the engine's do): the name stands for nothing. */
export const recordedSource = (name: string): string => name;

/** api/types/container.MountPoint: Type, Name and Driver omitted when empty. */
export function wireMount(
  m: BackendMountPoint,
  volumePath: (name: string) => string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (m.Type) out.Type = m.Type;
  if (m.Name) out.Name = m.Name;
  out.Source = m.Type === 'volume' ? m.Source || volumePath(m.Name) : m.Source;
  out.Destination = m.Destination;
  if (m.Driver) out.Driver = m.Driver;
  out.Mode = m.Mode;
  out.RW = m.RW;
  out.Propagation = m.Propagation;
  return out;
}

export function inspectContainer(
  c: BackendContainer,
  volumePath: (name: string) => string,
): Record<string, unknown> {
  const dir = c.LogPath.replace(/\/[^/]*$/, '');
  return {
    Id: c.Id,
    Created: c.Created,
    Path: c.Path,
    Args: c.Args,
    State: c.State,
    Image: c.Image,
    ResolvConfPath: `${dir}/resolv.conf`,
    HostnamePath: `${dir}/hostname`,
    HostsPath: `${dir}/hosts`,
    LogPath: c.LogPath,
    Name: c.Name,
    RestartCount: c.RestartCount,
    Driver: 'overlay2',
    Platform: 'linux',
    MountLabel: '',
    ProcessLabel: '',
    AppArmorProfile: '',
    ExecIDs: c.ExecIDs.length > 0 ? c.ExecIDs : null,
    HostConfig: { NetworkMode: 'default', ...c.HostConfig },
    GraphDriver: { Data: null, Name: 'overlay2' },
    Mounts: Object.values(c.MountPoints).map((m) => wireMount(m, volumePath)),
    Config: c.Config,
    NetworkSettings: {
      Bridge: '',
      SandboxID: '',
      SandboxKey: '',
      Ports: {},
      HairpinMode: false,
      LinkLocalIPv6Address: '',
      LinkLocalIPv6PrefixLen: 0,
      SecondaryIPAddresses: null,
      SecondaryIPv6Addresses: null,
      EndpointID: '',
      Gateway: '',
      GlobalIPv6Address: '',
      GlobalIPv6PrefixLen: 0,
      IPAddress: '',
      IPPrefixLen: 0,
      IPv6Gateway: '',
      MacAddress: '',
      Networks: wireNetworks(c),
    },
  };
}

/** container.Summary; `sizes` when asked for (`size=1`, `/system/df`), omitted when zero as Go does. */
export function containerSummary(
  c: BackendContainer,
  volumePath: (name: string) => string,
  sizes?: { rw: number; rootFs: number },
  now = Date.now(),
): Record<string, unknown> {
  return {
    Id: c.Id,
    Names: [c.Name],
    Image: c.Config.Image ?? '',
    ImageID: c.Image,
    Command: c.Args.length > 0 ? `${c.Path} ${c.Args.join(' ')}` : c.Path,
    Created: Math.floor(parseGoTime(c.Created) / 1000),
    Ports: [],
    ...(sizes?.rw ? { SizeRw: sizes.rw } : {}),
    ...(sizes?.rootFs ? { SizeRootFs: sizes.rootFs } : {}),
    Labels: c.Config.Labels ?? {},
    State: c.State.Status,
    Status: statusString(c, now),
    HostConfig: { NetworkMode: c.HostConfig.NetworkMode ?? 'default' },
    NetworkSettings: { Networks: wireNetworks(c) },
    Mounts: Object.values(c.MountPoints).map((m) => wireMount(m, volumePath)),
  };
}

/** NetworkSettings.Networks as Go encodes a map: keys sorted. */
function wireNetworks(c: BackendContainer): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(c.Networks ?? {}).sort()) out[key] = c.Networks?.[key];
  return out;
}

/** Unix ms of an RFC 3339 time with up to nine fraction digits (Date.parse misreads more than three). */
export function parseGoTime(t: string): number {
  return Date.parse(t.replace(/(\.\d{3})\d+/, '$1'));
}

/** moby container.State.String: `Up 3 seconds`, `Up 1 minute (Paused)`, `Exited (0) 2 minutes ago`, `Created`. */
export function statusString(c: BackendContainer, now = Date.now()): string {
  const s = c.State;
  if (s.Running) return `Up ${humanDuration(now - parseGoTime(s.StartedAt))}${s.Paused ? ' (Paused)' : ''}`;
  if (s.Status === 'removing') return 'Removal In Progress';
  if (s.Dead) return 'Dead';
  if (s.StartedAt.startsWith('0001-')) return 'Created';
  if (s.FinishedAt.startsWith('0001-')) return '';
  return `Exited (${s.ExitCode}) ${humanDuration(now - parseGoTime(s.FinishedAt))} ago`;
}

/** go-units HumanDuration. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(ms / 60000);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.floor(ms / 3600000 + 0.5);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(ms / 3600000 / 24 / 365)} years`;
}
