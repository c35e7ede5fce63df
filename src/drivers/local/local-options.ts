import { invalidParameter, messages } from '../../errors/index.js';
import { parseRamInBytes } from './size.js';

/** The driver options the local driver knows (moby volume/local/local_unix.go validOpts). */
const validOptions = new Set(['type', 'device', 'o', 'size']);
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
  return {
    mountType: options.type ?? '',
    mountOpts: options.o ?? '',
    mountDevice: options.device ?? '',
    quotaSize,
  };
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

/** Docker's opts.json body. */
export function toOptsJson(opts: LocalMountOptions): string {
  return JSON.stringify({
    MountType: opts.mountType,
    MountOpts: opts.mountOpts,
    MountDevice: opts.mountDevice,
    Quota: { Size: opts.quotaSize },
  });
}

/** Reads Docker's opts.json body; an all-empty one means no options. */
export function fromOptsJson(text: string): LocalMountOptions | null {
  const raw = JSON.parse(text) as {
    MountType?: string;
    MountOpts?: string;
    MountDevice?: string;
    Quota?: { Size?: number };
  };
  const opts: LocalMountOptions = {
    mountType: raw.MountType ?? '',
    mountOpts: raw.MountOpts ?? '',
    mountDevice: raw.MountDevice ?? '',
    quotaSize: raw.Quota?.Size ?? 0,
  };
  const empty = !opts.mountType && !opts.mountOpts && !opts.mountDevice && opts.quotaSize === 0;
  return empty ? null : opts;
}
