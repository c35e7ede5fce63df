import type { ContainerSummary } from '../client/containers-api.js';
import {
  formatterContext,
  GoNil,
  GoStruct,
  goQuote,
  humanDuration,
  humanSizeWithPrecision,
} from '../format/index.js';
import { ellipsis, goTimeString, truncateId } from './display-text.js';
import { familiarName, familiarString, parseNormalizedNamed } from './image-reference.js';

/**
 * `ps` rows as docker/cli formatter/container.go shows them: the ContainerContext methods a
 * `--format` template can call, the default table and the column headers.
 */
export const containerColumns = {
  ID: 'CONTAINER ID',
  Names: 'NAMES',
  Image: 'IMAGE',
  Command: 'COMMAND',
  CreatedAt: 'CREATED AT',
  RunningFor: 'CREATED',
  Ports: 'PORTS',
  State: 'STATE',
  Status: 'STATUS',
  Size: 'SIZE',
  Labels: 'LABELS',
  Mounts: 'MOUNTS',
  LocalVolumes: 'LOCAL VOLUMES',
  Networks: 'NETWORKS',
  Platform: 'PLATFORM',
} as const;

const defaultTable =
  'table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}';

/** formatter.NewContainerFormat. */
export function containerFormat(source: string, quiet: boolean, size: boolean): string {
  if (source === 'table' || source === '') {
    if (quiet) return '{{.ID}}';
    return size ? `${defaultTable}\t{{.Size}}` : defaultTable;
  }
  if (source === 'raw') {
    if (quiet) return 'container_id: {{.ID}}';
    return (
      'container_id: {{.ID}}\nimage: {{.Image}}\ncommand: {{.Command}}\ncreated_at: {{.CreatedAt}}\n' +
      'state: {{- pad .State 1 0}}\nstatus: {{- pad .Status 1 0}}\nnames: {{.Names}}\n' +
      'labels: {{- pad .Labels 1 0}}\nports: {{- pad .Ports 1 0}}\n' +
      (size ? 'size: {{.Size}}\\n' : '')
    );
  }
  return quiet ? '{{.ID}}' : source;
}

/** The IMAGE column: a short id, or the repository and tag without the registry's defaults. */
function imageColumn(c: ContainerSummary, trunc: boolean): string {
  if (c.Image === '') return '<no image>';
  if (!trunc) return c.Image;
  if (truncateId(c.ImageID) === truncateId(c.Image)) return truncateId(c.Image);
  try {
    const ref = parseNormalizedNamed(c.Image);
    return ref.tag !== undefined
      ? familiarString({ domain: ref.domain, path: ref.path, tag: ref.tag })
      : familiarName(ref);
  } catch {
    return c.Image;
  }
}

type Port = ContainerSummary['Ports'][number];

/** formatter.DisplayablePorts: consecutive ports grouped into ranges, host mappings last. */
export function displayablePorts(ports: readonly Port[]): string {
  const sorted = [...ports].sort(
    (a, b) =>
      a.PrivatePort - b.PrivatePort ||
      (a.IP ?? '').localeCompare(b.IP ?? '') ||
      (a.PublicPort ?? 0) - (b.PublicPort ?? 0) ||
      a.Type.localeCompare(b.Type),
  );
  const groups = new Map<string, { first: number; last: number }>();
  const result: string[] = [];
  const mappings: string[] = [];
  const hostPort = (ip: string, port: string): string =>
    ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
  const form = (key: string, g: { first: number; last: number }): string => {
    const [a, b] = key.split('/') as [string, string | undefined];
    const range = g.first === g.last ? `${g.first}` : `${g.first}-${g.last}`;
    return b === undefined ? `${range}/${a}` : `${hostPort(a, range)}->${range}/${b}`;
  };
  for (const p of sorted) {
    let key = p.Type;
    if (p.IP) {
      if (p.PublicPort !== p.PrivatePort) {
        mappings.push(`${hostPort(p.IP, String(p.PublicPort ?? 0))}->${p.PrivatePort}/${p.Type}`);
        continue;
      }
      key = `${p.IP}/${p.Type}`;
    }
    const g = groups.get(key);
    if (!g) groups.set(key, { first: p.PrivatePort, last: p.PrivatePort });
    else if (p.PrivatePort === g.last + 1) g.last = p.PrivatePort;
    else {
      result.push(form(key, g));
      groups.set(key, { first: p.PrivatePort, last: p.PrivatePort });
    }
  }
  for (const [key, g] of groups) result.push(form(key, g));
  return [...result, ...mappings].join(', ');
}

/**
 * ContainerContext.Platform: the platform of the image manifest the container was created from, a
 * nil `*Platform` when the daemon does not say; it prints as `os/arch[/variant]` (platforms.Format)
 * and marshals as the OCI platform.
 */
function platformValue(c: ContainerSummary): unknown {
  const p = (c.ImageManifestDescriptor as { platform?: Record<string, unknown> } | undefined)?.platform;
  if (!p) return new GoNil('*formatter.Platform');
  const str = (k: string): string => (typeof p[k] === 'string' ? p[k] : '');
  const fields = {
    Architecture: str('architecture'),
    OS: str('os'),
    OSVersion: str('os.version'),
    OSFeatures: p['os.features'] ?? null,
    Variant: str('variant'),
  };
  const format = (): string =>
    fields.OS === '' ? 'unknown' : [fields.OS, fields.Architecture, fields.Variant].filter(Boolean).join('/');
  return new GoStruct('formatter.Platform', fields, {
    methods: { String: { params: [], fn: format } },
    jsonTags: {
      Architecture: 'architecture',
      OS: 'os',
      OSVersion: 'os.version,omitempty',
      OSFeatures: 'os.features,omitempty',
      Variant: 'variant,omitempty',
    },
  });
}

/** A `ps` row (formatter.ContainerContext); `onSize` learns that a template read `.Size`. */
export function containerRow(
  c: ContainerSummary,
  opts: { trunc: boolean; now?: number; onSize?: () => void },
) {
  const { trunc, now = Date.now() } = opts;
  const labels = c.Labels;
  return formatterContext({
    typeName: '*formatter.ContainerContext',
    getters: {
      ID: () => (trunc ? truncateId(c.Id) : c.Id),
      Names: () => {
        let names = (c.Names ?? []).map((n) => n.slice(1));
        const plain = names.find((n) => !n.includes('/'));
        if (trunc && plain !== undefined) names = [plain];
        return names.join(',');
      },
      Image: () => imageColumn(c, trunc),
      Command: () => goQuote(trunc ? ellipsis(c.Command, 20) : c.Command),
      CreatedAt: () => goTimeString(c.Created),
      RunningFor: () => `${humanDuration(now - c.Created * 1000)} ago`,
      Ports: () => displayablePorts(c.Ports ?? []),
      State: () => c.State,
      Status: () => c.Status,
      Size: () => {
        opts.onSize?.();
        const rw = humanSizeWithPrecision(c.SizeRw ?? 0, 3);
        return (c.SizeRootFs ?? 0) > 0
          ? `${rw} (virtual ${humanSizeWithPrecision(c.SizeRootFs ?? 0, 3)})`
          : rw;
      },
      Labels: () =>
        labels === null
          ? ''
          : Object.entries(labels)
              .map(([k, v]) => `${k}=${v}`)
              .sort()
              .join(','),
      Mounts: () =>
        (c.Mounts ?? [])
          .map((m) => (trunc ? ellipsis(m.Name || m.Source, 15) : m.Name || m.Source))
          .join(','),
      LocalVolumes: () => String((c.Mounts ?? []).filter((m) => m.Driver === 'local').length),
      Networks: () =>
        Object.keys(c.NetworkSettings?.Networks ?? {})
          .sort()
          .join(','),
      Platform: () => platformValue(c),
    },
    methods: { Label: { params: ['string'], fn: (k: string) => labels?.[k] ?? '' } },
  });
}
