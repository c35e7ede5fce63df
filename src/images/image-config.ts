/**
 * Image configs in moby's shapes: the run config an image carries (api/types/container.Config), the
 * config JSON `docker import` writes (image.Image, top-level keys sorted as its MarshalJSON does),
 * and reading any stored config (Docker or OCI) back into an `ImageRecord`'s fields.
 */
import { goMarshal, sortedKeys } from './go-json.js';
import type { ImageConfig } from './image-store.js';

export interface HealthConfig {
  Test?: string[];
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  StartInterval?: number;
  Retries?: number;
}

type Json = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const bool = (v: unknown): boolean => v === true;
const list = (v: unknown): string[] | null =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : null;
const set = (v: unknown): Record<string, Record<string, never>> | null =>
  v !== null && typeof v === 'object' && !Array.isArray(v)
    ? (sortedKeys(Object.fromEntries(Object.keys(v).map((k) => [k, {}]))) as Record<
        string,
        Record<string, never>
      >)
    : null;
const labels = (v: unknown): Record<string, string> | null =>
  v !== null && typeof v === 'object' && !Array.isArray(v)
    ? sortedKeys(Object.fromEntries(Object.entries(v as Json).map(([k, x]) => [k, str(x)])))
    : null;

/** A HealthConfig in Go field order with omitempty applied, or undefined. */
export function healthObject(v: unknown): HealthConfig | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const h = v as Json;
  const out: HealthConfig = {};
  const test = list(h.Test);
  if (test && test.length > 0) out.Test = test;
  for (const k of ['Interval', 'Timeout', 'StartPeriod', 'StartInterval', 'Retries'] as const) {
    if (typeof h[k] === 'number' && h[k] !== 0) out[k] = h[k];
  }
  return out;
}

/**
 * moby container.Config as Go marshals it, from a stored config object (missing fields are Go's
 * zero values). The image-level fields (Hostname, Image, …) are kept as stored.
 */
export function containerConfigObject(raw: unknown): Json {
  const c = (raw !== null && typeof raw === 'object' ? raw : {}) as Json;
  const out: Json = {
    Hostname: str(c.Hostname),
    Domainname: str(c.Domainname),
    User: str(c.User),
    AttachStdin: bool(c.AttachStdin),
    AttachStdout: bool(c.AttachStdout),
    AttachStderr: bool(c.AttachStderr),
  };
  const ports = set(c.ExposedPorts);
  if (ports && Object.keys(ports).length > 0) out.ExposedPorts = ports;
  out.Tty = bool(c.Tty);
  out.OpenStdin = bool(c.OpenStdin);
  out.StdinOnce = bool(c.StdinOnce);
  out.Env = list(c.Env);
  out.Cmd = list(c.Cmd);
  const health = healthObject(c.Healthcheck);
  if (health) out.Healthcheck = health;
  if (bool(c.ArgsEscaped)) out.ArgsEscaped = true;
  out.Image = str(c.Image);
  out.Volumes = set(c.Volumes);
  out.WorkingDir = str(c.WorkingDir);
  out.Entrypoint = list(c.Entrypoint);
  if (bool(c.NetworkDisabled)) out.NetworkDisabled = true;
  if (str(c.MacAddress) !== '') out.MacAddress = str(c.MacAddress);
  out.OnBuild = list(c.OnBuild);
  out.Labels = labels(c.Labels);
  if (str(c.StopSignal) !== '') out.StopSignal = str(c.StopSignal);
  if (typeof c.StopTimeout === 'number') out.StopTimeout = c.StopTimeout;
  const shell = list(c.Shell);
  if (shell && shell.length > 0) out.Shell = shell;
  return out;
}

/** The run config fields of a stored config, as the `ImageConfig` record carries them. */
export function imageConfigOf(raw: unknown): ImageConfig {
  const c = containerConfigObject(raw);
  const out: ImageConfig = {
    Env: c.Env as string[] | null,
    Cmd: c.Cmd as string[] | null,
    Entrypoint: c.Entrypoint as string[] | null,
    WorkingDir: c.WorkingDir as string,
    User: c.User as string,
    Volumes: c.Volumes as ImageConfig['Volumes'],
    ExposedPorts: (c.ExposedPorts as ImageConfig['ExposedPorts']) ?? null,
    Labels: c.Labels as Record<string, string> | null,
    StopSignal: (c.StopSignal as string | undefined) ?? '',
    OnBuild: c.OnBuild as string[] | null,
  };
  if (c.Healthcheck) out.Healthcheck = c.Healthcheck as HealthConfig;
  if (c.Shell) out.Shell = c.Shell as string[];
  if (c.ArgsEscaped) out.ArgsEscaped = true;
  return out;
}

export interface ImportConfigOptions {
  /** The run config after the `changes` (container.Config fields). */
  config: Json;
  /** RFC 3339 with nanoseconds. */
  created: string;
  comment: string;
  architecture: string;
  os: string;
  diffId: string;
  dockerVersion: string;
}

/** The config JSON `docker import` stores (daemon/images/image_import.go); its sha256 is the id. */
export function importConfigJson(o: ImportConfigOptions): string {
  const doc: Json = {
    architecture: o.architecture,
    comment: o.comment,
    config: containerConfigObject(o.config),
    container_config: containerConfigObject({}),
    created: o.created,
    docker_version: o.dockerVersion,
    history: [{ created: o.created, comment: o.comment }],
    os: o.os,
    rootfs: { type: 'layers', diff_ids: [o.diffId] },
  };
  if (o.comment === '') {
    delete doc.comment;
    doc.history = [{ created: o.created }];
  }
  return goMarshal(doc);
}

/** The facts of a stored config (Docker image JSON or OCI image config). */
export interface ConfigFacts {
  created: string;
  architecture: string;
  variant: string;
  os: string;
  osVersion: string;
  diffIds: string[];
  comment: string;
  author: string;
  dockerVersion: string;
  container: string;
  config: ImageConfig;
}

/** Parses a config blob; throws when it is not a JSON object with a rootfs. */
export function parseConfig(bytes: Buffer | string): { raw: Json; facts: ConfigFacts } {
  const raw = JSON.parse(typeof bytes === 'string' ? bytes : bytes.toString('utf8')) as unknown;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('invalid image config');
  const j = raw as Json;
  const rootfs = (j.rootfs ?? null) as Json | null;
  if (rootfs === null || typeof rootfs !== 'object') throw new Error('invalid rootfs in image configuration');
  const history = Array.isArray(j.history) ? (j.history as Json[]) : [];
  let comment = str(j.comment);
  if (comment === '' && history.length > 0) comment = str(history[history.length - 1]?.comment);
  return {
    raw: j,
    facts: {
      created: str(j.created),
      architecture: str(j.architecture),
      variant: str(j.variant),
      os: str(j.os),
      osVersion: str(j['os.version']),
      diffIds: list(rootfs.diff_ids) ?? [],
      comment,
      author: str(j.author),
      dockerVersion: str(j.docker_version),
      container: str(j.container),
      config: imageConfigOf(j.config),
    },
  };
}
