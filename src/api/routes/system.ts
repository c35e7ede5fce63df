import { arch } from 'node:os';
import { invalidParameter, messages } from '../../errors/index.js';
import { compareApiVersions, maxApiVersion, minApiVersion } from '../api-version.js';
import type { SystemBackend, VolumeBackend } from '../backend.js';
import type { ContainerBackend } from '../container-backend.js';
import { sendJson, type HttpContext } from '../http-context.js';
import type { ImageBackend } from '../image-backend.js';
import { route, type Route } from '../router.js';
import { containerSummary, recordedSource } from '../wire/container.js';
import { imageSummary } from '../wire/image.js';
import { toWireVolume } from '../wire/volume.js';

const dfTypes = new Set(['container', 'image', 'volume', 'build-cache']);

/** Go's runtime.GOARCH for this machine. */
export function goArch(): string {
  const a = arch();
  return a === 'x64' ? 'amd64' : a === 'ia32' ? '386' : a;
}

/** `/_ping`, `/version`, `/info`, `/system/df`, and OPTIONS on any path (moby router/system). */
export function systemRoutes(
  sys: SystemBackend,
  volumes: VolumeBackend,
  usage: { images?: ImageBackend; containers?: ContainerBackend } = {},
): Route[] {
  /** moby's SystemDiskUsage images: every image with its container count and shared bytes. */
  const imageUsage = (apiVersion: string): { layersSize: number; images: unknown[] } => {
    if (!usage.images) return { layersSize: 0, images: [] };
    const du = usage.images.diskUsage();
    const users = new Map<string, number>();
    for (const c of usage.containers?.list({}, { all: true }) ?? [])
      users.set(c.Image, (users.get(c.Image) ?? 0) + 1);
    const images = usage.images.list({ all: true }).map((img) => ({
      ...imageSummary(img, apiVersion),
      Containers: users.get(img.id) ?? 0,
      SharedSize: du.sharedSize.get(img.id) ?? 0,
    }));
    return { layersSize: du.layersSize, images };
  };
  const containerUsage = async (): Promise<unknown[]> => {
    const b = usage.containers;
    if (!b) return [];
    return Promise.all(
      b.list({}, { all: true }).map(async (c) => containerSummary(c, recordedSource, await b.sizes(c.Id))),
    );
  };

  const ping = (ctx: HttpContext): void => {
    const res = ctx.res;
    res.setHeader('Cache-Control', 'no-cache, no-store, must-revalidate');
    res.setHeader('Pragma', 'no-cache');
    if (compareApiVersions(ctx.apiVersion, '1.42') >= 0) res.setHeader('Swarm', 'inactive');
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    if (ctx.req.method === 'HEAD') {
      res.setHeader('Content-Length', '0');
      res.writeHead(200);
      res.end();
      return;
    }
    res.setHeader('Content-Length', '2');
    res.writeHead(200);
    res.end('OK');
  };

  return [
    route('GET', '/_ping', ping, { parseForm: false }),
    route('HEAD', '/_ping', ping, { parseForm: false }),
    route(
      'GET',
      '/version',
      (ctx) => {
        const details = {
          ApiVersion: maxApiVersion,
          Arch: goArch(),
          BuildTime: '',
          Experimental: 'false',
          GitCommit: '',
          GoVersion: `node${process.versions.node}`,
          KernelVersion: sys.kernelVersion,
          MinAPIVersion: minApiVersion,
          Os: 'linux',
        };
        sendJson(ctx, 200, {
          Platform: { Name: 'Strata' },
          Components: [{ Name: 'Engine', Version: sys.engineVersion, Details: details }],
          Version: sys.engineVersion,
          ApiVersion: maxApiVersion,
          MinAPIVersion: minApiVersion,
          GitCommit: '',
          GoVersion: details.GoVersion,
          Os: 'linux',
          Arch: details.Arch,
          KernelVersion: sys.kernelVersion,
        });
      },
      { parseForm: false },
    ),
    route('GET', '/info', async (ctx) => sendJson(ctx, 200, await sys.info()), { parseForm: false }),
    route('GET', '/system/df', async (ctx) => {
      const legacy = compareApiVersions(ctx.apiVersion, '1.42') < 0;
      const asked = ctx.query.getAll('type');
      const all = legacy || !ctx.query.has('type');
      for (const t of asked) if (!all && !dfTypes.has(t)) throw invalidParameter(messages.unknownDfType(t));
      const want = (t: string): boolean => all || asked.includes(t);
      const vols = want('volume') ? await volumes.diskUsage() : undefined;
      const images = want('image') ? imageUsage(ctx.apiVersion) : undefined;
      const body: Record<string, unknown> = {
        LayersSize: images?.layersSize ?? 0,
        Images: images?.images ?? null,
        Containers: want('container') ? await containerUsage() : null,
        Volumes: vols
          ? vols.map((v) => toWireVolume(v, { usage: { RefCount: v.refs.length, Size: v.size } }))
          : null,
        // 20.10's builder reported no cache as nil; v23+ answers [].
        BuildCache: want('build-cache') && !legacy ? [] : null,
      };
      if (legacy) body.BuilderSize = 0;
      sendJson(ctx, 200, body);
    }),
    route(
      'OPTIONS',
      '/{anyroute:.*}',
      (ctx) => {
        ctx.res.writeHead(200, { 'Content-Length': 0 });
        ctx.res.end();
      },
      { parseForm: false },
    ),
  ];
}
