/**
 * Image manifests as registries and OCI layouts serve them: Docker schema 2 manifests and manifest
 * lists, OCI manifests and indexes. A list/index resolves to the entry for the daemon's platform
 * (containerd's default matcher: same OS and architecture, variant ignored unless several match).
 */

export const mediaTypes = {
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerSchema1: 'application/vnd.docker.distribution.manifest.v1+json',
  dockerSchema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
} as const;

/** The manifest types a pull asks for (moby distribution's Accept list, schema 1 aside). */
export const acceptManifests = [
  mediaTypes.dockerManifest,
  mediaTypes.dockerList,
  mediaTypes.ociManifest,
  mediaTypes.ociIndex,
];

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

export interface Descriptor {
  mediaType?: string;
  digest: string;
  size?: number;
  platform?: Platform;
  annotations?: Record<string, string>;
  urls?: string[];
}

export interface ImageManifest {
  kind: 'manifest';
  config: Descriptor;
  layers: Descriptor[];
}

export interface ManifestIndex {
  kind: 'index';
  manifests: Descriptor[];
}

/** Parses a manifest body by its media type (from the response or the body's own `mediaType`). */
export function parseManifest(body: Buffer, contentType: string): ImageManifest | ManifestIndex {
  const doc = JSON.parse(body.toString('utf8')) as {
    schemaVersion?: number;
    mediaType?: string;
    config?: Descriptor;
    layers?: Descriptor[];
    manifests?: Descriptor[];
  };
  const type = (contentType.split(';')[0] ?? '').trim() || doc.mediaType || '';
  if (
    type === mediaTypes.dockerSchema1 ||
    type === mediaTypes.dockerSchema1Signed ||
    doc.schemaVersion === 1
  ) {
    throw new Error('schema1');
  }
  if (type === mediaTypes.dockerList || type === mediaTypes.ociIndex || (doc.manifests && !doc.config)) {
    return { kind: 'index', manifests: doc.manifests ?? [] };
  }
  if (!doc.config) throw new Error('unsupported manifest format');
  return { kind: 'manifest', config: doc.config, layers: doc.layers ?? [] };
}

/** The entry of a list/index for `platform`, or undefined. */
export function pickPlatform(entries: readonly Descriptor[], platform: Platform): Descriptor | undefined {
  const matching = entries.filter(
    (d) => d.platform && d.platform.os === platform.os && d.platform.architecture === platform.architecture,
  );
  if (matching.length === 0) return undefined;
  if (platform.architecture === 'arm64')
    return matching.find((d) => d.platform?.variant === 'v8') ?? matching[0];
  return matching[0];
}
