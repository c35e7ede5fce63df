import { existsSync } from 'node:fs';
import { posix } from 'node:path';
import { invalidParameter } from '../../errors/index.js';
import type { MountConfig, MountPoint } from './mount-point.js';

/**
 * Docker's Linux mount parser (moby volume/mounts/linux_parser.go): `-v` specs (HostConfig.Binds),
 * `--mount` specs (HostConfig.Mounts) and `--volumes-from`, with Docker's texts. Errors are
 * invalid-parameter EngineErrors.
 */

const rwModes = new Set(['rw', 'ro']);
const labelModes = new Set(['z', 'Z']);
const propagationModes = new Set(['private', 'rprivate', 'slave', 'rslave', 'shared', 'rshared']);
const consistencyModes = new Set(['consistent', 'cached', 'delegated']);
export const defaultPropagation = 'rprivate';

const invalidSpec = (raw: string): string => `invalid volume specification: '${raw}'`;
const invalidMode = (mode: string): string => `invalid mode: ${mode}`;
const mountConfigError = (type: string, msg: string): string =>
  `invalid mount config for type "${type}": ${msg}`;

/** linuxValidMountMode: comma words, at most one of each kind. */
export function validMountMode(mode: string): boolean {
  if (mode === '') return true;
  const counts = { rw: 0, label: 0, prop: 0, copy: 0, consistency: 0 };
  for (const o of mode.split(',')) {
    if (rwModes.has(o)) counts.rw++;
    else if (labelModes.has(o)) counts.label++;
    else if (propagationModes.has(o)) counts.prop++;
    else if (o === 'nocopy') counts.copy++;
    else if (consistencyModes.has(o)) counts.consistency++;
    else return false;
  }
  return Object.values(counts).every((n) => n <= 1);
}

const modeWords = (mode: string): string[] => (mode === '' ? [] : mode.split(','));
/** Whether `mode` allows writes (ReadWrite). */
export const modeIsRw = (mode: string): boolean => validMountMode(mode) && !modeWords(mode).includes('ro');
const modePropagation = (mode: string): string | undefined =>
  modeWords(mode).find((o) => propagationModes.has(o));

/** Go's path.Clean for container paths. */
const cleanPath = (p: string): string => {
  const c = posix.normalize(p);
  return c.length > 1 && c.endsWith('/') ? c.slice(0, -1) : c;
};

/** validateMountConfigImpl. `checkBindSource`: `--mount` binds must exist (`-v` ones are created). */
export function validateMountConfig(m: MountConfig, checkBindSource: boolean): void {
  const fail = (msg: string): never => {
    throw invalidParameter(mountConfigError(m.Type, msg));
  };
  const target = m.Target ?? '';
  if (target === '') fail('field Target must not be empty');
  if (cleanPath(target.replace(/\\/g, '/')) === '/') fail("invalid specification: destination can't be '/'");
  if (!target.replace(/\\/g, '/').startsWith('/'))
    fail(`invalid mount path: '${target}' mount path must be absolute`);
  const source = m.Source ?? '';
  switch (m.Type) {
    case 'bind': {
      if (source === '') fail('field Source must not be empty');
      const prop = m.BindOptions?.Propagation ?? '';
      if (prop !== '' && !propagationModes.has(prop)) fail(`invalid propagation mode: ${prop}`);
      if (m.VolumeOptions) fail('field VolumeOptions must not be specified');
      if (!source.startsWith('/')) fail(`invalid mount path: '${source}' mount path must be absolute`);
      if (checkBindSource && !existsSync(source) && !m.BindOptions?.CreateMountpoint) {
        fail(`bind source path does not exist: ${source}`);
      }
      break;
    }
    case 'volume': {
      if (m.BindOptions) fail('field BindOptions must not be specified');
      const anonymous = source === '';
      const subpath = m.VolumeOptions?.Subpath ?? '';
      if (subpath !== '') {
        if (anonymous) fail('must not set Subpath when using anonymous volumes');
        if (!isLocalPath(subpath)) fail('subpath must be a relative path within the volume');
      }
      if (m.ReadOnly && anonymous) fail('must not set ReadOnly mode when using anonymous volumes');
      break;
    }
    case 'tmpfs': {
      if (m.BindOptions) fail('field BindOptions must not be specified');
      if (source !== '') fail('field Source must not be specified');
      tmpfsOptions(m);
      break;
    }
    default:
      fail('mount type unknown');
  }
}

/** Go's filepath.IsLocal: relative, not escaping, not empty. */
function isLocalPath(p: string): boolean {
  if (p === '' || p.startsWith('/')) return false;
  const c = posix.normalize(p);
  return c !== '..' && !c.startsWith('../');
}

/** ConvertTmpfsOptions: `ro`, `mode=<octal>`, `size=<n>[kmg]`, then exec/noexec. */
export function tmpfsOptions(m: MountConfig): string {
  const out: string[] = [];
  if (m.ReadOnly) out.push('ro');
  const opt = m.TmpfsOptions;
  if (opt?.Mode) out.push(`mode=${opt.Mode.toString(8)}`);
  if (opt?.SizeBytes) {
    let size = opt.SizeBytes;
    let suffix = '';
    for (const [s, d] of [
      ['g', 1 << 30],
      ['m', 1 << 20],
      ['k', 1 << 10],
    ] as const) {
      if (size % d === 0) {
        size /= d;
        suffix = s;
        break;
      }
    }
    out.push(`size=${size}${suffix}`);
  }
  for (const o of opt?.Options ?? []) {
    if (o.length < 1 || o.length > 2)
      throw invalidParameter(mountConfigError('tmpfs', 'invalid option array length'));
    if (o[0] !== 'exec' && o[0] !== 'noexec')
      throw invalidParameter(mountConfigError('tmpfs', `invalid option: ${o[0]}`));
    out.push(o.length === 1 ? (o[0] as string) : `${o[0]}=${o[1]}`);
  }
  return out.join(',');
}

function parseSpec(cfg: MountConfig, checkBindSource: boolean): MountPoint {
  validateMountConfig(cfg, checkBindSource);
  const mp: MountPoint = {
    Type: cfg.Type,
    Name: '',
    Source: '',
    Destination: cleanPath((cfg.Target ?? '').replace(/\\/g, '/')),
    Driver: '',
    Mode: '',
    RW: !cfg.ReadOnly,
    Propagation: '',
    Spec: cfg,
    CopyData: true,
  };
  if (cfg.Type === 'volume') {
    mp.Name = cfg.Source ?? '';
    mp.Driver = cfg.VolumeOptions?.DriverConfig?.Name ?? '';
    if (cfg.VolumeOptions?.NoCopy) mp.CopyData = false;
  } else if (cfg.Type === 'bind') {
    mp.Source = cleanPath(cfg.Source ?? '');
    mp.Propagation = cfg.BindOptions?.Propagation || defaultPropagation;
  }
  return mp;
}

/** ParseMountRaw: `[source:]destination[:mode]` as given to `-v` (HostConfig.Binds). */
export function parseBind(raw: string, volumeDriver: string): MountPoint {
  const arr = splitN(raw, ':', 4);
  if ((arr[0] ?? '') === '') throw invalidParameter(invalidSpec(raw));
  const spec: MountConfig = { Type: 'volume' };
  let mode = '';
  if (arr.length === 1) spec.Target = arr[0];
  else if (arr.length === 2) {
    if (validMountMode(arr[1] as string)) throw invalidParameter(invalidSpec(raw));
    spec.Source = arr[0];
    spec.Target = arr[1];
  } else if (arr.length === 3) {
    spec.Source = arr[0];
    spec.Target = arr[1];
    mode = arr[2] as string;
  } else throw invalidParameter(invalidSpec(raw));
  if (!validMountMode(mode)) throw invalidParameter(invalidMode(mode));
  spec.Type = (spec.Source ?? '').startsWith('/') ? 'bind' : 'volume';
  spec.ReadOnly = !modeIsRw(mode);
  if (volumeDriver !== '' && spec.Type === 'volume')
    spec.VolumeOptions = { DriverConfig: { Name: volumeDriver } };
  if (modeWords(mode).includes('nocopy'))
    spec.VolumeOptions = { ...(spec.VolumeOptions ?? {}), NoCopy: true };
  const prop = modePropagation(mode);
  if (prop !== undefined) spec.BindOptions = { Propagation: prop };
  try {
    const mp = parseSpec(spec, false);
    mp.Mode = mode;
    return mp;
  } catch (err) {
    throw invalidParameter(`${invalidSpec(raw)}: ${(err as Error).message}`);
  }
}

/** ParseMountSpec: one HostConfig.Mounts entry (`--mount`). */
export function parseMountSpec(cfg: MountConfig): MountPoint {
  return parseSpec(cfg, true);
}

/** ParseVolumesFrom: `container[:mode]`, mode only ro/rw/label/consistency words. */
export function parseVolumesFrom(spec: string): { container: string; mode: string } {
  if (spec === '') throw invalidParameter('volumes-from specification cannot be an empty string');
  const colon = spec.indexOf(':');
  const container = colon < 0 ? spec : spec.slice(0, colon);
  const mode = colon < 0 ? '' : spec.slice(colon + 1);
  if (mode === '') return { container, mode: 'rw' };
  if (!validMountMode(mode) || modePropagation(mode) !== undefined || modeWords(mode).includes('nocopy')) {
    throw invalidParameter(invalidMode(mode));
  }
  return { container, mode };
}

/** Go's strings.SplitN. */
function splitN(s: string, sep: string, n: number): string[] {
  const parts = s.split(sep);
  if (parts.length <= n) return parts;
  return [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}
