import { readCsvRecord } from './go-csv.js';

/** One `--network` value (docker/cli opts.NetworkAttachmentOpts). */
export interface NetworkAttachment {
  target: string;
  aliases: string[];
  driverOpts?: Record<string, string>;
  ipv4Address: string;
  ipv6Address: string;
  linkLocalIPs: string[];
  macAddress: string;
  gwPriority: number;
}

/**
 * opts.NetworkOpt.Set: a network name, or the long syntax `name=…,alias=…,ip=…,ip6=…,mac-address=…,
 * link-local-ip=…,driver-opt=k=v,gw-priority=N` (keys and values lower-cased and trimmed).
 */
export function parseNetworkFlag(value: string): NetworkAttachment {
  const att: NetworkAttachment = {
    target: '',
    aliases: [],
    ipv4Address: '',
    ipv6Address: '',
    linkLocalIPs: [],
    macAddress: '',
    gwPriority: 0,
  };
  if (!/\w+=\w+(,\w+=\w+)*/.test(value)) return { ...att, target: value };
  for (const field of readCsvRecord(value)) {
    const lower = field.toLowerCase();
    const eq = lower.indexOf('=');
    if (eq <= 0) throw new Error(`invalid field ${field}`);
    const key = lower.slice(0, eq).trim();
    const val = lower.slice(eq + 1).trim();
    switch (key) {
      case 'name':
        att.target = val;
        break;
      case 'alias':
        att.aliases.push(val);
        break;
      case 'ip':
        att.ipv4Address = val;
        break;
      case 'ip6':
        att.ipv6Address = val;
        break;
      case 'mac-address':
        att.macAddress = val;
        break;
      case 'link-local-ip':
        att.linkLocalIPs.push(val);
        break;
      case 'driver-opt': {
        const deq = val.indexOf('=');
        if (deq <= 0) throw new Error('invalid key value pair format in driver options');
        (att.driverOpts ??= {})[val.slice(0, deq).trim()] = val.slice(deq + 1).trim();
        break;
      }
      case 'gw-priority':
        if (!/^[+-]?\d+$/.test(val)) throw new Error(`invalid gw-priority (${val}): invalid syntax`);
        att.gwPriority = Number(val);
        break;
      default:
        throw new Error(`invalid field key ${key}`);
    }
  }
  if (att.target === '') throw new Error('network name/id is not specified');
  return att;
}

const builtinModes = new Set(['default', 'bridge', 'host', 'none']);

/** container.NetworkMode.IsUserDefined. */
export function isUserDefinedNetwork(mode: string): boolean {
  return !builtinModes.has(mode) && !mode.startsWith('container:');
}
