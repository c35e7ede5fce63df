import { resolve } from 'node:path';
import { readCsvRecord } from './go-csv.js';

/**
 * The client half of docker's mount flags: `--mount` CSV into an API `Mount` (docker/cli
 * opts/mount.go MountOpt.Set) and `-v` specs split into binds and anonymous volumes as
 * cli/compose/loader ParseVolume tells them apart. Errors carry docker's texts. Objects are built in
 * Go's field order with `omitempty` applied, so they serialise as the docker CLI's do.
 */
export interface MountSpec {
  Type?: string;
  Source?: string;
  Target?: string;
  ReadOnly?: boolean;
  Consistency?: string;
  BindOptions?: Record<string, unknown>;
  VolumeOptions?: Record<string, unknown>;
  ImageOptions?: Record<string, unknown>;
  TmpfsOptions?: Record<string, unknown>;
}

/** Go strconv.ParseBool. */
export function goParseBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return undefined;
}

/** docker/go-units RAMInBytes: `64m`, `1.5g`, `512kib`, `100` (bytes). */
export function ramInBytes(s: string): number {
  const sep = Math.max(...[...'0123456789. '].map((c) => s.lastIndexOf(c)));
  if (sep < 0) throw new Error(`invalid size: '${s}'`);
  const num = s[sep] === ' ' ? s.slice(0, sep) : s.slice(0, sep + 1);
  let sfx = s.slice(sep + 1);
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(num)) {
    throw new Error(`strconv.ParseFloat: parsing ${JSON.stringify(num)}: invalid syntax`);
  }
  const size = Number(num);
  if (size < 0) throw new Error(`invalid size: '${s}'`);
  if (sfx === '') return Math.trunc(size);
  const bad = (): Error => new Error(`invalid suffix: '${sfx}'`);
  if (sfx.length > 3) throw bad();
  sfx = sfx.toLowerCase();
  if (sfx[0] === 'b') {
    if (sfx.length > 1) throw bad();
    return Math.trunc(size);
  }
  const power = 'kmgtp'.indexOf(sfx[0] as string);
  if (power < 0) throw bad();
  if ((sfx.length === 2 && sfx[1] !== 'b') || (sfx.length === 3 && sfx.slice(1) !== 'ib')) throw bad();
  return Math.trunc(size * 1024 ** (power + 1));
}

const isAbs = (p: string): boolean => p.startsWith('/');

/** opts.MountOpt.Set: one `--mount` value. */
export function parseMountFlag(value: string, cwd = process.cwd()): MountSpec {
  const fields = readCsvRecord(value);
  let type = 'volume';
  let source: string | undefined;
  let target: string | undefined;
  let readOnly = false;
  let consistency: string | undefined;
  let bind: Record<string, unknown> | undefined;
  let vol: { NoCopy?: boolean; Labels: Record<string, string>; Subpath?: string; Driver: Driver } | undefined;
  let image: Record<string, unknown> | undefined;
  let tmpfs: Record<string, unknown> | undefined;
  interface Driver {
    Name?: string;
    Options?: Record<string, string>;
  }
  const volume = () => (vol ??= { Labels: {}, Driver: {} });
  const bindOpts = () => (bind ??= {});
  const tmpfsOpts = () => (tmpfs ??= {});
  const setOnMap = (target: Record<string, string>, v: string): void => {
    const eq = v.indexOf('=');
    const k = eq < 0 ? v : v.slice(0, eq);
    if (k !== '') target[k] = eq < 0 ? '' : v.slice(eq + 1);
  };
  const boolOf = (key: string, val: string, text = `invalid value for ${key}: ${val}`): boolean => {
    const b = goParseBool(val);
    if (b === undefined) throw new Error(text);
    return b;
  };

  for (const field of fields) {
    const eq = field.indexOf('=');
    const key = (eq < 0 ? field : field.slice(0, eq)).toLowerCase();
    const val = eq < 0 ? '' : field.slice(eq + 1);
    if (eq < 0) {
      if (key === 'readonly' || key === 'ro') readOnly = true;
      else if (key === 'volume-nocopy') volume().NoCopy = true;
      else if (key === 'bind-nonrecursive') bindOpts().NonRecursive = true;
      else throw new Error(`invalid field '${field}' must be a key=value pair`);
      continue;
    }
    switch (key) {
      case 'type':
        type = val.toLowerCase();
        break;
      case 'source':
      case 'src':
        source = !isAbs(val) && val.startsWith('.') ? resolve(cwd, val) : val;
        break;
      case 'target':
      case 'dst':
      case 'destination':
        target = val;
        break;
      case 'readonly':
      case 'ro':
        readOnly = boolOf(key, val);
        break;
      case 'consistency':
        consistency = val.toLowerCase();
        break;
      case 'bind-propagation':
        bindOpts().Propagation = val.toLowerCase();
        break;
      case 'bind-nonrecursive':
        bindOpts().NonRecursive = boolOf(key, val);
        break;
      case 'bind-recursive':
        if (val === 'disabled') bindOpts().NonRecursive = true;
        else if (val === 'writable') bindOpts().ReadOnlyNonRecursive = true;
        else if (val === 'readonly') bindOpts().ReadOnlyForceRecursive = true;
        else if (val === 'enabled') bindOpts();
        else
          throw new Error(
            `invalid value for ${key}: ${val} (must be "enabled", "disabled", "writable", or "readonly")`,
          );
        break;
      case 'volume-subpath':
        volume().Subpath = val;
        break;
      case 'volume-nocopy':
        volume().NoCopy = boolOf(key, val, `invalid value for volume-nocopy: ${val}`);
        break;
      case 'volume-label':
        setOnMap(volume().Labels, val);
        break;
      case 'volume-driver':
        volume().Driver.Name = val;
        break;
      case 'volume-opt':
        setOnMap((volume().Driver.Options ??= {}), val);
        break;
      case 'image-subpath':
        (image ??= {}).Subpath = val;
        break;
      case 'tmpfs-size':
        try {
          tmpfsOpts().SizeBytes = ramInBytes(val);
        } catch {
          throw new Error(`invalid value for ${key}: ${val}`);
        }
        break;
      case 'tmpfs-mode':
        if (!/^[0-7]+$/.test(val) || parseInt(val, 8) > 0xffffffff)
          throw new Error(`invalid value for ${key}: ${val}`);
        tmpfsOpts().Mode = parseInt(val, 8);
        break;
      default:
        throw new Error(`unexpected key '${key}' in '${field}'`);
    }
  }

  if (type === '') throw new Error('type is required');
  if (target === undefined || target === '') throw new Error('target is required');
  const mix = (present: unknown, prefix: string, wanted: string): void => {
    if (present !== undefined && type !== wanted)
      throw new Error(`cannot mix '${prefix}-*' options with mount type '${type}'`);
  };
  mix(vol, 'volume', 'volume');
  mix(image, 'image', 'image');
  mix(bind, 'bind', 'bind');
  mix(tmpfs, 'tmpfs', 'tmpfs');
  if (bind?.ReadOnlyNonRecursive && !readOnly)
    throw new Error("option 'bind-recursive=writable' requires 'readonly' to be specified in conjunction");
  if (bind?.ReadOnlyForceRecursive) {
    if (!readOnly)
      throw new Error("option 'bind-recursive=readonly' requires 'readonly' to be specified in conjunction");
    if (bind.Propagation !== 'rprivate')
      throw new Error(
        "option 'bind-recursive=readonly' requires 'bind-propagation=rprivate' to be specified in conjunction",
      );
  }

  const m: MountSpec = { Type: type };
  if (source) m.Source = source;
  m.Target = target;
  if (readOnly) m.ReadOnly = true;
  if (consistency) m.Consistency = consistency;
  if (bind)
    m.BindOptions = ordered(bind, [
      'Propagation',
      'NonRecursive',
      'CreateMountpoint',
      'ReadOnlyNonRecursive',
      'ReadOnlyForceRecursive',
    ]);
  if (vol) {
    const driver = ordered({ ...vol.Driver, Options: sortedKeys(vol.Driver.Options) }, ['Name', 'Options']);
    m.VolumeOptions = ordered(
      { NoCopy: vol.NoCopy, Labels: sortedKeys(vol.Labels), Subpath: vol.Subpath, DriverConfig: driver },
      ['NoCopy', 'Labels', 'Subpath', 'DriverConfig'],
    );
  }
  if (image) m.ImageOptions = ordered(image, ['Subpath']);
  if (tmpfs) m.TmpfsOptions = ordered(tmpfs, ['SizeBytes', 'Mode', 'Options']);
  return m;
}

/** The fields in `order`, each left out when Go's omitempty would (false, 0, "", empty map). */
function ordered(o: Record<string, unknown>, order: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of order) {
    const v = o[k];
    if (v === undefined || v === false || v === 0 || v === '') continue;
    if (
      typeof v === 'object' &&
      v !== null &&
      !Array.isArray(v) &&
      k !== 'DriverConfig' &&
      Object.keys(v).length === 0
    )
      continue;
    out[k] = v;
  }
  return out;
}

/** A map with its keys in sorted order (encoding/json sorts map keys). */
export function sortedKeys<T>(m: Record<string, T> | undefined): Record<string, T> | undefined {
  if (m === undefined) return undefined;
  const out: Record<string, T> = {};
  for (const k of Object.keys(m).sort()) out[k] = m[k] as T;
  return out;
}

/** What ParseVolume makes of a `-v` spec: enough to tell a bind from a volume. */
export interface VolumeSpec {
  source: string;
  target: string;
  type: 'bind' | 'volume';
}

/** cli/compose/loader ParseVolume. */
export function parseVolumeSpec(spec: string): VolumeSpec {
  const chars = [...spec];
  if (chars.length === 0) throw new Error('invalid empty volume spec');
  if (spec.length <= 2) return { source: '', target: spec, type: 'volume' };
  let source = '';
  let target = '';
  let buffer: string[] = [];
  const isDrive = (buf: string[], c: string): boolean =>
    c === ':' && buf.length === 1 && /\p{L}/u.test(buf[0] as string);
  const populate = (end: boolean): void => {
    const text = buffer.join('');
    if (buffer.length === 0) throw new Error('empty section between colons');
    if (source === '' && end) target = text;
    else if (source === '') source = text;
    else if (target === '') target = text;
    else if (!end) throw new Error('too many colons');
  };
  for (const [i, c] of [...chars, ''].entries()) {
    const end = i === chars.length;
    if (!end && isDrive(buffer, c)) buffer.push(c);
    else if (c === ':' || end) {
      try {
        populate(end);
      } catch (err) {
        throw new Error(`invalid spec: ${spec}: ${(err as Error).message}`);
      }
      buffer = [];
    } else buffer.push(c);
  }
  return { source, target, type: source !== '' && isFilePath(source) ? 'bind' : 'volume' };
}

function isFilePath(source: string): boolean {
  if ('./~'.includes(source[0] as string)) return true;
  const chars = [...source];
  if (chars.length === 1) return false;
  if (source.startsWith('\\\\')) return true;
  return chars[1] === ':' && /\p{L}/u.test(chars[0] as string);
}
