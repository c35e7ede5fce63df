import { invalidParameter, messages } from '../../errors/index.js';
import { backendNames, isBackendName, type BackendName } from './backends/storage-backend.js';
import { parseRamInBytes } from './size.js';

/**
 * The driver options the local driver knows: Docker's (moby volume/local/local_unix.go validOpts),
 * Strata's owner options for the volume root (`uid`, `gid`, `mode`; moby#21259) and storage backend.
 */
const validOptions = new Set(['type', 'device', 'o', 'size', 'uid', 'gid', 'mode', 'backend']);
/** The backends that enforce `size`. */
const sizeBackends: readonly BackendName[] = ['btrfs', 'image'];
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
  /** Where the bytes live (Strata's); undefined is `dir`, Docker's plain directory. */
  backend?: BackendName;
}

/** Owner and permission bits applied to a volume's root (`_data`, or what is mounted on it). */
export interface RootOwner {
  uid?: number;
  gid?: number;
  mode?: number;
}

export interface LocalOptionsPolicy {
  /** The daemon's backend for volumes that name none (`strata daemon --volume-backend`). */
  defaultBackend: BackendName;
}

/**
 * Validates driver options as Docker's local driver does, in its order: unknown keys, CIFS device URL,
 * size, then required companions; Strata's `backend` is checked right after the keys, its owner options
 * last. Returns the parsed options, or null for a plain `dir` volume without options (no opts.json,
 * Docker's bytes). A volume without `backend` gets the daemon's default, except one that mounts a
 * filesystem (`type`/`device`), which is its own storage and stays on `dir`.
 */
export function parseLocalOptions(
  options: Readonly<Record<string, string>> | null,
  policy: LocalOptionsPolicy,
): LocalMountOptions | null {
  const keys = Object.keys(options ?? {}).sort();
  if (options === null || keys.length === 0) {
    return policy.defaultBackend === 'dir' ? null : { ...emptyOptions(), backend: policy.defaultBackend };
  }
  for (const key of keys) {
    if (!validOptions.has(key)) throw invalidParameter(messages.invalidOption(key));
  }
  const mountsFilesystem = options.type !== undefined || options.device !== undefined;
  const backend = resolveBackend(options.backend, mountsFilesystem, policy.defaultBackend);
  const type = options.type;
  if (type !== undefined && type.toLowerCase() === 'cifs') checkCifsDevice(options.device ?? '');
  let quotaSize = 0;
  if (options.size !== undefined) {
    quotaSize = parseRamInBytes(options.size);
    if (quotaSize > 0 && !sizeBackends.includes(backend)) {
      throw invalidParameter(
        mountsFilesystem ? messages.noQuotaSupport : messages.noQuotaSupportOnBackend(backend, sizeBackends),
      );
    }
    // Beyond 2^53 bytes a size cannot be told exactly; nothing here holds that much anyway.
    if (!Number.isSafeInteger(quotaSize)) throw invalidParameter(messages.invalidSize(options.size));
    if (quotaSize > 0 && backend === 'image' && quotaSize < minImageSize) {
      throw invalidParameter(messages.imageTooSmall(options.size, minImageSize));
    }
    if (backend === 'image' && quotaSize > maxImageSize) {
      throw invalidParameter(messages.imageTooLarge(options.size, maxImageSize));
    }
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
    ...(backend === 'dir' ? {} : { backend }),
  };
}

/** The smallest ext4 image the `image` backend makes (mkfs.ext4 needs a few hundred KiB of metadata). */
export const minImageSize = 1024 * 1024;
/** The largest image file ext4 (the usual host filesystem) holds with 4 KiB blocks: 16 TiB. */
export const maxImageSize = 16 * 1024 ** 4;

function emptyOptions(): LocalMountOptions {
  return { mountType: '', mountOpts: '', mountDevice: '', quotaSize: 0 };
}

/** The backend a volume gets: the one asked for, else `dir` for a mounted filesystem, else the default. */
function resolveBackend(
  asked: string | undefined,
  mountsFilesystem: boolean,
  defaultBackend: BackendName,
): BackendName {
  if (asked === undefined) return mountsFilesystem ? 'dir' : defaultBackend;
  if (!isBackendName(asked)) throw invalidParameter(messages.invalidBackend(asked, backendNames));
  if (mountsFilesystem && asked !== 'dir') throw invalidParameter(messages.backendWithMount(asked));
  return asked;
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

/**
 * Docker's opts.json body; Strata's owner options and storage backend ride along in fields Docker's
 * reader ignores (`StrataBackend` only for a backend other than `dir`).
 */
export function toOptsJson(opts: LocalMountOptions): string {
  return JSON.stringify({
    MountType: opts.mountType,
    MountOpts: opts.mountOpts,
    MountDevice: opts.mountDevice,
    Quota: { Size: opts.quotaSize },
    ...(opts.owner === undefined ? {} : { StrataOwner: opts.owner }),
    ...(opts.backend === undefined ? {} : { StrataBackend: opts.backend }),
  });
}

/** Reads Docker's opts.json body; an all-empty one means no options (a plain `dir` volume). */
export function fromOptsJson(text: string): LocalMountOptions | null {
  const raw = JSON.parse(text) as {
    MountType?: string;
    MountOpts?: string;
    MountDevice?: string;
    Quota?: { Size?: number };
    StrataOwner?: RootOwner;
    StrataBackend?: string;
  };
  const name = raw.StrataBackend;
  const backend = name !== undefined && isBackendName(name) && name !== 'dir' ? name : undefined;
  const opts: LocalMountOptions = {
    mountType: raw.MountType ?? '',
    mountOpts: raw.MountOpts ?? '',
    mountDevice: raw.MountDevice ?? '',
    quotaSize: raw.Quota?.Size ?? 0,
    ...(raw.StrataOwner === undefined ? {} : { owner: raw.StrataOwner }),
    ...(backend === undefined ? {} : { backend }),
  };
  const empty =
    !opts.mountType &&
    !opts.mountOpts &&
    !opts.mountDevice &&
    opts.quotaSize === 0 &&
    !opts.owner &&
    !opts.backend;
  return empty ? null : opts;
}
