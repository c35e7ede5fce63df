import { ContainersApi } from '../client/containers-api.js';
import {
  ClientError,
  ConnectionError,
  DaemonError,
  isApiError,
  trimId,
  type EngineClient,
} from '../client/engine-client.js';
import { ImagesApi, imagePath } from '../client/images-api.js';
import type { Inspected } from './inspect-output.js';
import { inspectValue } from './inspect-values.js';

/**
 * How `inspect` finds each kind of object (docker/cli system/inspect.go inspectAll): the daemon's
 * JSON for one reference, with the Go value templates run on.
 */
export type ObjectType =
  'config' | 'container' | 'image' | 'network' | 'node' | 'plugin' | 'secret' | 'service' | 'task' | 'volume';

export const objectTypes: readonly ObjectType[] = [
  'config',
  'container',
  'image',
  'network',
  'node',
  'plugin',
  'secret',
  'service',
  'task',
  'volume',
];

/** The order docker tries types in when none is given; swarm types only on a swarm manager. */
const autodetect: ReadonlyArray<{ type: ObjectType; swarm: boolean }> = [
  { type: 'container', swarm: false },
  { type: 'image', swarm: false },
  { type: 'network', swarm: false },
  { type: 'volume', swarm: false },
  { type: 'service', swarm: true },
  { type: 'task', swarm: true },
  { type: 'node', swarm: true },
  { type: 'plugin', swarm: false },
  { type: 'secret', swarm: true },
  { type: 'config', swarm: true },
];

const goTypes: Record<ObjectType, string> = {
  config: 'swarm.Config',
  container: 'container.InspectResponse',
  image: 'image.InspectResponse',
  network: 'network.Inspect',
  node: 'swarm.Node',
  plugin: 'types.Plugin',
  secret: 'swarm.Secret',
  service: 'swarm.Service',
  task: 'swarm.Task',
  volume: 'volume.Volume',
};

const enc = encodeURIComponent;

/** The API path of one object of a type. */
function objectPath(type: ObjectType, ref: string): { path: string; query?: Record<string, string> } {
  switch (type) {
    case 'container':
      return { path: `/containers/${enc(trimId('container', ref))}/json` };
    case 'image':
      if (ref === '') throw new ClientError('Error: No such image: ');
      return { path: `/images/${imagePath(ref)}/json` };
    case 'network':
      return { path: `/networks/${enc(trimId('network', ref))}` };
    case 'volume':
      return { path: `/volumes/${enc(trimId('volume', ref))}` };
    case 'plugin':
      return { path: `/plugins/${enc(trimId('plugin', ref))}/json` };
    case 'service':
      return { path: `/services/${enc(trimId('service', ref))}`, query: { insertDefaults: 'true' } };
    default:
      return { path: `/${type}s/${enc(trimId(type, ref))}` };
  }
}

/** One object of a known type. */
export async function lookupObject(
  client: EngineClient,
  type: ObjectType,
  ref: string,
  opts: { size?: boolean } = {},
): Promise<Inspected> {
  let raw: Buffer;
  if (type === 'container') raw = (await new ContainersApi(client).inspect(ref, opts.size)).raw;
  else if (type === 'image') raw = (await new ImagesApi(client).inspect(ref)).raw;
  else {
    const { path, query } = objectPath(type, ref);
    raw = (await client.call('GET', path, query ? { query } : {})).body;
  }
  return { raw, data: inspectValue(JSON.parse(raw.toString('utf8')), goTypes[type]) };
}

/** isErrSkippable: not found, not supported, or not a reference of this kind. */
function skippable(err: unknown): boolean {
  if (!isApiError(err)) return false;
  if (err instanceof DaemonError && err.status === 404) return true;
  if (err.message.startsWith('Error: No such ')) return true;
  return err.message.includes('not supported') || err.message.includes('invalid reference format');
}

/**
 * inspectAll: the first type that knows `ref` (or only `type`); a `--size` on anything but a
 * container is warned about. Not found anywhere: `Error: No such object: <ref>`.
 */
export async function lookupAny(
  client: EngineClient,
  ref: string,
  opts: { type?: ObjectType | undefined; size: boolean; warn: (text: string) => void },
): Promise<Inspected> {
  for (const { type, swarm } of autodetect) {
    if (opts.type !== undefined && type !== opts.type) continue;
    // Strata is never a swarm manager, so docker would skip the swarm types here.
    if (opts.type === undefined && swarm) continue;
    try {
      const found = await lookupObject(client, type, ref, { size: opts.size });
      if (opts.size && type !== 'container') opts.warn(`WARNING: --size ignored for ${type}\n`);
      return found;
    } catch (err) {
      if (opts.type === undefined && skippable(err)) continue;
      throw err;
    }
  }
  throw new ClientError(`Error: No such object: ${ref}`);
}

/** Errors `inspect` reports per reference. */
export const reportable = (err: unknown): err is Error =>
  isApiError(err) && !(err instanceof ConnectionError);
