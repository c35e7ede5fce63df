import { invalidParameter, notFound } from '../../errors/index.js';
import type { ImageStore } from '../../images/image-store.js';
import type { ContainerRuntime } from '../../runtime/container-runtime.js';
import type {
  EndpointSettings as EndpointRequest,
  NetworkDirectory,
} from '../networks/network-attachments.js';
import { generateVolumeId } from '../volume-id.js';
import {
  addAnonymousVolumes,
  populateVolumes,
  registerMountPoints,
  releaseMountPoints,
  type MountContext,
} from './container-mounts.js';
import { generateContainerName, nameConflict, validateContainerName } from './container-names.js';
import { networksAtCreate } from './container-networks.js';
import {
  createdState,
  creationTime,
  type ContainerConfig,
  type ContainerRecord,
  type HostConfig,
} from './container-record.js';
import { entrypointAndArgs, mergeImageConfig } from './merge-config.js';
import { validateRestartPolicy } from './restart-policy.js';
import { runtimeSpecFor } from './runtime-spec.js';

/** POST /containers/create as the engine takes it. */
export interface CreateRequest {
  name?: string;
  config?: ContainerConfig | null;
  hostConfig?: HostConfig | null;
  /** NetworkingConfig.EndpointsConfig. */
  endpointsConfig?: Record<string, EndpointRequest | null> | null;
}

/** What create needs of the container service. */
export interface CreateContext {
  images: Pick<ImageStore, 'get' | 'layerPaths'>;
  runtime: ContainerRuntime;
  networks?: NetworkDirectory | undefined;
  mounts: MountContext;
  /** The service's records by id and ids by name: the new container is added to both. */
  records: Map<string, ContainerRecord>;
  byName: Map<string, string>;
  persist(rec: ContainerRecord): void;
  event(action: string, rec: ContainerRecord, extra?: Record<string, string>): void;
}

/**
 * `docker create` (moby daemon/create.go): the request checked, the image's config merged in, a
 * name reserved, mount points registered (volumes referenced, anonymous ones made and filled from
 * the image), then the record saved. A failure on the way leaves nothing behind.
 */
export async function createContainer(
  ctx: CreateContext,
  req: CreateRequest,
): Promise<{ id: string; warnings: string[] }> {
  const config = req.config;
  if (!config) throw invalidParameter('Config cannot be empty in order to create a container');
  const hostConfig: HostConfig = req.hostConfig ?? {};
  if (
    hostConfig.AutoRemove &&
    (hostConfig.RestartPolicy?.Name ?? 'no') !== 'no' &&
    hostConfig.RestartPolicy?.Name !== ''
  ) {
    throw invalidParameter("can't create 'AutoRemove' container with restart policy");
  }
  validateRestartPolicy(hostConfig.RestartPolicy);
  if (config.WorkingDir && !config.WorkingDir.startsWith('/')) {
    throw invalidParameter(
      `the working directory '${config.WorkingDir}' is invalid, it needs to be an absolute path`,
    );
  }
  const image = ctx.images.get(config.Image ?? '');
  if (!image) throw notFound(`No such image: ${config.Image ?? ''}`);
  const networks = networksAtCreate(hostConfig, req.endpointsConfig, ctx.networks);
  const merged = { ...mergeImageConfig(config, image.config), Image: config.Image ?? '' };
  const { path, args } = entrypointAndArgs(merged);
  const id = generateVolumeId();
  const name = reserveName(ctx.byName, id, req.name ?? '');
  const rec: ContainerRecord = {
    Id: id,
    Created: creationTime(),
    Path: path,
    Args: args,
    State: createdState(),
    Image: image.id,
    LayerPaths: ctx.images.layerPaths(image.id),
    Name: name,
    RestartCount: 0,
    Config: merged,
    HostConfig: hostConfig,
    MountPoints: {},
    LogPath: ctx.runtime.logPath(id),
    ExecIDs: [],
    Networks: networks,
  };
  try {
    rec.MountPoints = await registerMountPoints(ctx.mounts, id, hostConfig);
    const { rootfs } = await ctx.runtime.prepare(runtimeSpecFor(rec, rec.LayerPaths, []));
    try {
      await addAnonymousVolumes(ctx.mounts, rec, rootfs);
      await populateVolumes(ctx.mounts, rec, rootfs);
    } finally {
      // The start that usually follows (docker run) finds the rootfs still mounted.
      await ctx.runtime.cleanup(id, { startExpected: true });
    }
    ctx.records.set(id, rec);
    ctx.persist(rec);
  } catch (err) {
    ctx.byName.delete(name);
    ctx.records.delete(id);
    await releaseMountPoints(ctx.mounts, rec, true);
    await ctx.runtime.remove(id).catch(() => undefined);
    throw err;
  }
  ctx.event('create', rec);
  return { id, warnings: [] };
}

/** The requested name (Docker's 409 when taken) or a generated free one, reserved for `id`. */
function reserveName(byName: Map<string, string>, id: string, requested: string): string {
  if (requested !== '') {
    const name = validateContainerName(requested);
    const holder = byName.get(name);
    if (holder) throw nameConflict(name, holder);
    byName.set(name, id);
    return name;
  }
  for (let attempt = 0; ; attempt++) {
    const name = `/${generateContainerName(attempt)}`;
    if (!byName.has(name)) {
      byName.set(name, id);
      return name;
    }
  }
}
