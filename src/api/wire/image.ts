/**
 * Images on the wire, one seam: moby's image.Summary (`GET /images/json`) and image.InspectResponse
 * (`GET /images/{name}/json`) in Go's field order, as each API version gets them from Docker 28
 * (api/server/router/image/image_routes.go), and as Docker 20.10 answered at API ≤ 1.41.
 */
import { compareApiVersions } from '../api-version.js';
import { sortedMap } from '../go-json-encode.js';
import type { BackendImage } from '../image-backend.js';

type Json = Record<string, unknown>;
const zeroTime = '0001-01-01T00:00:00Z';
const below = (v: string, than: string): boolean => compareApiVersions(v, than) < 0;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const bool = (v: unknown): boolean => v === true;
const list = (v: unknown): string[] | null =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : null;
const object = (v: unknown): Json | null =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null;
const emptySet = (v: unknown): Record<string, Json> | null => {
  const o = object(v);
  return o === null ? null : sortedMap(Object.fromEntries(Object.keys(o).map((k) => [k, {}])));
};
const labelsOf = (v: unknown): Record<string, string> | null => {
  const o = object(v);
  return o === null ? null : sortedMap(Object.fromEntries(Object.entries(o).map(([k, x]) => [k, str(x)])));
};

function health(v: unknown): Json | undefined {
  const h = object(v);
  if (h === null) return undefined;
  const out: Json = {};
  const test = list(h.Test);
  if (test && test.length > 0) out.Test = test;
  for (const k of ['Interval', 'Timeout', 'StartPeriod', 'StartInterval', 'Retries']) {
    if (typeof h[k] === 'number' && h[k] !== 0) out[k] = h[k];
  }
  return out;
}

/** container.Config in Go order from a stored config (zero values for what it lacks). */
export function containerConfig(raw: unknown): Json {
  const c = object(raw) ?? {};
  const out: Json = {
    Hostname: str(c.Hostname),
    Domainname: str(c.Domainname),
    User: str(c.User),
    AttachStdin: bool(c.AttachStdin),
    AttachStdout: bool(c.AttachStdout),
    AttachStderr: bool(c.AttachStderr),
  };
  const ports = emptySet(c.ExposedPorts);
  if (ports && Object.keys(ports).length > 0) out.ExposedPorts = ports;
  out.Tty = bool(c.Tty);
  out.OpenStdin = bool(c.OpenStdin);
  out.StdinOnce = bool(c.StdinOnce);
  out.Env = list(c.Env);
  out.Cmd = list(c.Cmd);
  const h = health(c.Healthcheck);
  if (h) out.Healthcheck = h;
  if (bool(c.ArgsEscaped)) out.ArgsEscaped = true;
  out.Image = str(c.Image);
  out.Volumes = emptySet(c.Volumes);
  out.WorkingDir = str(c.WorkingDir);
  out.Entrypoint = list(c.Entrypoint);
  if (bool(c.NetworkDisabled)) out.NetworkDisabled = true;
  if (str(c.MacAddress) !== '') out.MacAddress = str(c.MacAddress);
  out.OnBuild = list(c.OnBuild);
  out.Labels = labelsOf(c.Labels);
  if (str(c.StopSignal) !== '') out.StopSignal = str(c.StopSignal);
  if (typeof c.StopTimeout === 'number') out.StopTimeout = c.StopTimeout;
  const shell = list(c.Shell);
  if (shell && shell.length > 0) out.Shell = shell;
  return out;
}

/** dockerspec.DockerOCIImageConfig (API ≥ 1.50): every field omitempty. */
function ociImageConfig(raw: unknown): Json {
  const c = containerConfig(raw);
  const out: Json = {};
  if (c.User !== '') out.User = c.User;
  if (c.ExposedPorts) out.ExposedPorts = c.ExposedPorts;
  for (const k of ['Env', 'Entrypoint', 'Cmd'] as const)
    if (Array.isArray(c[k]) && (c[k] as string[]).length > 0) out[k] = c[k];
  if (c.Volumes && Object.keys(c.Volumes as Json).length > 0) out.Volumes = c.Volumes;
  if (c.WorkingDir !== '') out.WorkingDir = c.WorkingDir;
  if (c.Labels && Object.keys(c.Labels as Json).length > 0) out.Labels = c.Labels;
  if (c.StopSignal !== undefined) out.StopSignal = c.StopSignal;
  if (c.ArgsEscaped) out.ArgsEscaped = true;
  if (c.Healthcheck) out.Healthcheck = c.Healthcheck;
  if (Array.isArray(c.OnBuild) && c.OnBuild.length > 0) out.OnBuild = c.OnBuild;
  if (c.Shell) out.Shell = c.Shell;
  return out;
}

/** dockerOCIImageConfigToContainerConfig (API 1.42–1.49): the OCI fields in a container.Config. */
function legacyConfig(raw: unknown): Json {
  const oci = ociImageConfig(raw);
  return containerConfig({ ...oci, ExposedPorts: oci.ExposedPorts ?? {} });
}

function createdUnix(created: string): number {
  const t = Date.parse(created);
  return Number.isNaN(t) ? 0 : Math.floor(t / 1000);
}

/** image.Summary for `GET /images/json`. */
export function imageSummary(img: BackendImage, apiVersion: string): Json {
  const repoTags = img.repoTags;
  const repoDigests = img.repoDigests;
  let tagsOut: string[] | null = repoTags;
  let digestsOut: string[] | null = repoDigests;
  if (below(apiVersion, '1.43') && repoTags.length === 0 && repoDigests.length === 0) {
    tagsOut = ['<none>:<none>'];
    digestsOut = ['<none>@<none>'];
  } else if (below(apiVersion, '1.42')) {
    // Docker 20.10 left an empty list nil.
    if (repoTags.length === 0) tagsOut = null;
    if (repoDigests.length === 0) digestsOut = null;
  }
  const out: Json = {
    Containers: -1,
    Created: createdUnix(img.created),
    Id: img.id,
    Labels: labelsOf(object(img.rawConfig.config)?.Labels),
    ParentId: img.parent,
    RepoDigests: digestsOut,
    RepoTags: tagsOut,
    SharedSize: -1,
    Size: img.size,
  };
  if (below(apiVersion, '1.44')) out.VirtualSize = img.size;
  return out;
}

/** overlay2's GraphDriver data for an image's layer stack (top layer as UpperDir). */
function graphDriver(layerPaths: string[]): Json {
  const top = layerPaths[layerPaths.length - 1];
  if (top === undefined) return { Data: null, Name: 'overlay2' };
  const base = top.replace(/\/diff$/, '');
  const data: Record<string, string> = {
    MergedDir: `${base}/merged`,
    UpperDir: top,
    WorkDir: `${base}/work`,
  };
  if (layerPaths.length > 1) data.LowerDir = layerPaths.slice(0, -1).reverse().join(':');
  return { Data: sortedMap(data), Name: 'overlay2' };
}

/** image.InspectResponse for `GET /images/{name}/json`. */
export function imageInspect(img: BackendImage, layerPaths: string[], apiVersion: string): Json {
  const raw = img.rawConfig;
  const legacy = below(apiVersion, '1.42');
  const created = img.created === '' && below(apiVersion, '1.44') ? zeroTime : img.created;
  const out: Json = {
    Id: img.id,
    RepoTags: img.repoTags,
    RepoDigests: img.repoDigests,
    Parent: img.parent,
    Comment: img.comment,
  };
  if (created !== '' || legacy) out.Created = created;
  if (legacy) {
    out.Container = str(raw.container);
    out.ContainerConfig = containerConfig(raw.container_config);
  } else if (below(apiVersion, '1.45')) {
    if (str(raw.container) !== '') out.Container = str(raw.container);
    out.ContainerConfig = containerConfig(raw.container_config);
  }
  out.DockerVersion = img.dockerVersion;
  out.Author = img.author;
  if (legacy) out.Config = containerConfig(raw.config);
  else if (!below(apiVersion, '1.50')) out.Config = ociImageConfig(raw.config);
  out.Architecture = img.architecture;
  if (img.variant !== '') out.Variant = img.variant;
  out.Os = img.os === '' ? 'linux' : img.os;
  if (img.osVersion !== '') out.OsVersion = img.osVersion;
  out.Size = img.size;
  if (below(apiVersion, '1.44')) out.VirtualSize = img.size;
  out.GraphDriver = graphDriver(layerPaths);
  out.RootFS = img.diffIds.length > 0 ? { Type: 'layers', Layers: img.diffIds } : { Type: 'layers' };
  out.Metadata = { LastTagTime: img.lastTagTime === '' ? zeroTime : img.lastTagTime };
  if (!legacy && below(apiVersion, '1.50')) out.Config = legacyConfig(raw.config);
  return out;
}
