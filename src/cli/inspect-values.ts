import { GoMap, GoNil, GoSlice, GoStruct } from '../format/go-value.js';

/**
 * An inspect answer as the Go values docker's templates see (it decodes into api/types structs):
 * JSON objects become structs with their fields in the daemon's order, except the fields Go declares
 * as maps (labels, options, port and network maps…); string lists are `[]string`; a `null` prints
 * as its Go type's nil (`[]`, `map[]`, `<nil>`).
 */
const mapFields = new Set([
  'Annotations',
  'Data',
  'DriverOpts',
  'ExposedPorts',
  'Labels',
  'Networks',
  'Options',
  'PortBindings',
  'Ports',
  'Status',
  'StorageOpt',
  'Sysctls',
  'Tmpfs',
  'Volumes',
]);

const sliceFields = new Set([
  'Aliases',
  'Args',
  'Binds',
  'BlkioDeviceReadBps',
  'BlkioDeviceReadIOps',
  'BlkioDeviceWriteBps',
  'BlkioDeviceWriteIOps',
  'BlkioWeightDevice',
  'CapAdd',
  'CapDrop',
  'Cmd',
  'DNSNames',
  'DeviceCgroupRules',
  'DeviceRequests',
  'Devices',
  'Dns',
  'DnsOptions',
  'DnsSearch',
  'Entrypoint',
  'Env',
  'ExecIDs',
  'ExtraHosts',
  'GroupAdd',
  'Layers',
  'Links',
  'MaskedPaths',
  'Mounts',
  'OnBuild',
  'ReadonlyPaths',
  'RepoDigests',
  'RepoTags',
  'SecurityOpt',
  'Shell',
  'Ulimits',
  'VolumesFrom',
]);

/**
 * Fields docker's structs declare `omitempty` that the daemon's JSON may leave out: a template still
 * finds them, at their zero value (`{{.SizeRw}}` is `<nil>` unless sizes were asked for), and
 * `{{json .}}` still leaves them out. Keyed by the struct's type name as toGo names it.
 */
const omittable: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  'container.InspectResponse': {
    SizeRw: new GoNil('*int64'),
    SizeRootFs: new GoNil('*int64'),
    ImageManifestDescriptor: new GoNil('*v1.Descriptor'),
  },
  'container.State': { Health: new GoNil('*container.Health') },
  'container.Config': {
    ExposedPorts: new GoNil('map[nat.Port]struct {}'),
    Healthcheck: new GoNil('*container.HealthConfig'),
    ArgsEscaped: false,
    NetworkDisabled: false,
    MacAddress: '',
    StopSignal: '',
    StopTimeout: new GoNil('*int'),
    Shell: new GoNil('[]string'),
  },
  'image.InspectResponse': {
    Created: '',
    Container: '',
    ContainerConfig: new GoNil('*container.Config'),
    Variant: '',
    OsVersion: '',
    VirtualSize: 0,
    Descriptor: new GoNil('*v1.Descriptor'),
    Manifests: new GoNil('[]image.ManifestSummary'),
  },
};

/** A struct of the JSON object's fields, plus the omittable ones it lacks (all tagged omitempty). */
function goStruct(name: string, fields: Record<string, unknown>): GoStruct {
  const zeros = omittable[name] ?? {};
  return new GoStruct(
    name,
    { ...fields, ...Object.fromEntries(Object.entries(zeros).filter(([k]) => !(k in fields))) },
    { jsonTags: Object.fromEntries(Object.keys(zeros).map((k) => [k, `${k},omitempty`])) },
  );
}

function nilFor(key: string): GoNil {
  if (sliceFields.has(key)) return new GoNil('[]string');
  if (mapFields.has(key) || key === 'Config') return new GoNil('map[string]string');
  return new GoNil(`*${key}`);
}

/** Converts one JSON value found under `key` (the struct field name) in a struct of `typeName`. */
function toGo(value: unknown, key: string, typeName: string): unknown {
  if (value === null) return nilFor(key);
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string')) return new GoSlice(value, { elem: 'string' });
    return value.map((v) => toGo(v, '', `${typeName}.${key}`));
  }
  if (typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  if (mapFields.has(key) || (key === 'Config' && typeName.endsWith('LogConfig'))) {
    const stringsOnly = Object.values(obj).every((v) => typeof v === 'string');
    return new GoMap(
      Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, toGo(v, '', `${typeName}.${key}`)])),
      stringsOnly ? { elem: 'string' } : {},
    );
  }
  const name = key === '' ? typeName : `${typeName.split('.')[0]}.${key}`;
  return goStruct(name, Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, toGo(v, k, name)])));
}

/** The Go value of a whole inspect answer; `typeName` is docker's (`container.InspectResponse`). */
export function inspectValue(json: unknown, typeName: string): unknown {
  return toGo(json, '', typeName);
}
