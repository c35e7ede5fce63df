import { invalidParameter, messages } from '../../errors/index.js';
import { parseRamInBytes } from './size.js';

/**
 * The driver options the local driver knows: Docker's (moby volume/local/local_unix.go validOpts) and
 * Strata's owner options for the volume root (`uid`, `gid`, `mode`; moby#21259).
 */
const validOptions = new Set(['type', 'device', 'o', 'size', 'uid', 'gid', 'mode']);
/** The largest id chown(2) takes; 2^32-1 is its "leave unchanged" value. */
const maxId = 0xfffffffe;
/** An option and the options it needs beside it, checked in this order. */
const requiredWith: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['device', ['type']],
  ['type', ['device']],
  ['o', ['device', 'type']],
];

/** What a local volume's options mean; persisted as Docker's opts.json. */
export interface LocalMountOptions {
  mountType: string;
  mountOpts: string;
  mountDevice: string;
  quotaSize: number;
  /** Owner and mode for the volume root (Strata's); undefined where not asked for. */
  owner?: RootOwner;
}

/** Owner and permission bits applied to a volume's root (`_data`, or what is mounted on it). */
export interface RootOwner {
  uid?: number;
  gid?: number;
  mode?: number;
}

export interface LocalOptionsPolicy {
  /** Whether a size limit can be enforced; Docker needs project quotas, which this host lacks. */
  quotaSupported: boolean;
}

/**
 * Validates driver options as Docker's local driver does, in its order: unknown keys, CIFS device URL,
 * size, then required companions. Returns the parsed options, or null for none.
 */
export function parseLocalOptions(
  options: Readonly<Record<string, string>> | null,
  policy: LocalOptionsPolicy,
): LocalMountOptions | null {
  if (options === null) return null;
  const keys = Object.keys(options).sort();
  if (keys.length === 0) return null;
  for (const key of keys) {
    if (!validOptions.has(key)) throw invalidParameter(messages.invalidOption(key));
  }
  const type = options.type;
  if (type !== undefined && type.toLowerCase() === 'cifs') checkCifsDevice(options.device ?? '');
  let quotaSize = 0;
  if (options.size !== undefined) {
    quotaSize = parseRamInBytes(options.size);
    if (quotaSize > 0 && !policy.quotaSupported) throw invalidParameter(messages.noQuotaSupport);
  }
  for (const [key, needs] of requiredWith) {
    if (options[key] === undefined) continue;
    for (const need of needs) {
      if (options[need] === undefined) throw invalidParameter(messages.missingRequiredOption(need));
    }
  }
  const owner = parseRootOwner(options);
  return {
    mountType: options.type ?? '',
    mountOpts: options.o ?? '',
    mountDevice: options.device ?? '',
    quotaSize,
    ...(owner === undefined ? {} : { owner }),
  };
}

/** `uid`/`gid`: decimal ids chown(2) accepts; `mode`: octal permission bits up to 07777. */
function parseRootOwner(options: Readonly<Record<string, string>>): RootOwner | undefined {
  const owner: RootOwner = {};
  for (const key of ['uid', 'gid'] as const) {
    const raw = options[key];
    if (raw === undefined) continue;
    const id = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
    if (!(id <= maxId)) {
      throw invalidParameter(messages.invalidOwnerOption(key, raw, `a numeric id from 0 to ${maxId}`));
    }
    owner[key] = id;
  }
  if (options.mode !== undefined) {
    const raw = options.mode;
    const mode = /^[0-7]{1,5}$/.test(raw) ? parseInt(raw, 8) : NaN;
    if (!(mode <= 0o7777)) {
      throw invalidParameter(
        messages.invalidOwnerOption('mode', raw, 'an octal mode from 0 to 07777, e.g. 0755'),
      );
    }
    owner.mode = mode;
  }
  return Object.keys(owner).length === 0 ? undefined : owner;
}

function checkCifsDevice(device: string): void {
  let url: URL;
  try {
    url = new URL(device.replace(/\\/g, '/'));
  } catch {
    if (/^\/\/[^/]+/.test(device)) {
      if (/^\/\/[^/]+:\d+/.test(device)) throw invalidParameter(messages.cifsPortNotAllowed);
      return;
    }
    throw invalidParameter(`error parsing mount device url: parse "${device}": missing protocol scheme`);
  }
  if (url.port !== '') throw invalidParameter(messages.cifsPortNotAllowed);
}

/** Whether the volume is mounted from somewhere (Docker: `type` or `device` set). */
export function needsMount(opts: LocalMountOptions | null): opts is LocalMountOptions {
  return opts !== null && (opts.mountType !== '' || opts.mountDevice !== '');
}

/** Docker's opts.json body; Strata's owner options ride along in fields Docker's reader ignores. */
export function toOptsJson(opts: LocalMountOptions): string {
  return JSON.stringify({
    MountType: opts.mountType,
    MountOpts: opts.mountOpts,
    MountDevice: opts.mountDevice,
    Quota: { Size: opts.quotaSize },
    ...(opts.owner === undefined ? {} : { StrataOwner: opts.owner }),
  });
}

/** Reads Docker's opts.json body; an all-empty one means no options. */
export function fromOptsJson(text: string): LocalMountOptions | null {
  const raw = JSON.parse(text) as {
    MountType?: string;
    MountOpts?: string;
    MountDevice?: string;
    Quota?: { Size?: number };
    StrataOwner?: RootOwner;
  };
  const opts: LocalMountOptions = {
    mountType: raw.MountType ?? '',
    mountOpts: raw.MountOpts ?? '',
    mountDevice: raw.MountDevice ?? '',
    quotaSize: raw.Quota?.Size ?? 0,
    ...(raw.StrataOwner === undefined ? {} : { owner: raw.StrataOwner }),
  };
  const empty =
    !opts.mountType && !opts.mountOpts && !opts.mountDevice && opts.quotaSize === 0 && !opts.owner;
  return empty ? null : opts;
}
