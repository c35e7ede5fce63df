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

type TextField = 'target' | 'ipv4Address' | 'ipv6Address' | 'macAddress';
type ListField = 'aliases' | 'linkLocalIPs';
/** The long syntax's keys that set a text field (the last one given wins) or add to a list. */
const textFields: Readonly<Record<string, TextField>> = {
  name: 'target',
  ip: 'ipv4Address',
  ip6: 'ipv6Address',
  'mac-address': 'macAddress',
};
const listFields: Readonly<Record<string, ListField>> = { alias: 'aliases', 'link-local-ip': 'linkLocalIPs' };

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
    if (Object.hasOwn(textFields, key)) {
      att[textFields[key] as TextField] = val;
      continue;
    }
    if (Object.hasOwn(listFields, key)) {
      att[listFields[key] as ListField].push(val);
      continue;
    }
    switch (key) {
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
