import type { ImageSummary } from '../client/images-api.js';
import { formatterContext, humanDuration, humanSize, humanSizeWithPrecision } from '../format/index.js';
import { goTimeString, truncateId } from './display-text.js';
import { familiarName, parseNormalizedNamed } from './image-reference.js';

/**
 * `images` rows as docker/cli formatter/image.go shows them: one row per repository and tag (and
 * digest, with --digests), `<none>` for dangling images, the default tables and column headers.
 */
export const imageColumns = {
  ID: 'IMAGE ID',
  Repository: 'REPOSITORY',
  Tag: 'TAG',
  Digest: 'DIGEST',
  CreatedSince: 'CREATED',
  CreatedAt: 'CREATED AT',
  Size: 'SIZE',
  Containers: 'CONTAINERS',
  VirtualSize: 'SIZE',
  SharedSize: 'SHARED SIZE',
  UniqueSize: 'UNIQUE SIZE',
} as const;

const created = '{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}';

/** formatter.NewImageFormat. */
export function imageFormat(source: string, quiet: boolean, digest: boolean): string {
  if (source === 'table') {
    if (quiet) return '{{.ID}}';
    return digest
      ? `table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t${created}\t{{.Size}}`
      : `table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t${created}\t{{.Size}}`;
  }
  if (source === 'raw') {
    if (quiet) return 'image_id: {{.ID}}';
    return `repository: {{ .Repository }}\ntag: {{.Tag}}\n${digest ? 'digest: {{.Digest}}\n' : ''}image_id: {{.ID}}\ncreated_at: {{.CreatedAt}}\nvirtual_size: {{.Size}}\n`;
  }
  if (source.startsWith('table') && digest && !source.includes('{{.Digest}}'))
    return `${source}\t{{.Digest}}`;
  return source;
}

interface ImageLine {
  repo: string;
  tag: string;
  digest: string;
}

const isDangling = (i: ImageSummary): boolean =>
  ((i.RepoTags ?? []).length === 0 && (i.RepoDigests ?? []).length === 0) ||
  (i.RepoTags?.length === 1 &&
    i.RepoTags[0] === '<none>:<none>' &&
    i.RepoDigests?.length === 1 &&
    i.RepoDigests[0] === '<none>@<none>');

/** imageFormatTaggedAndDigest: the lines one image shows as. */
export function imageLines(
  i: ImageSummary,
  opts: { showDigests: boolean; needDigest: boolean },
): ImageLine[] {
  if (isDangling(i)) return [{ repo: '<none>', tag: '<none>', digest: '<none>' }];
  const tags = new Map<string, string[]>();
  const digests = new Map<string, string[]>();
  const collect = (refs: string[] | null, into: Map<string, string[]>, pick: 'tag' | 'digest'): void => {
    for (const s of refs ?? []) {
      try {
        const ref = parseNormalizedNamed(s);
        const v = ref[pick];
        if (v === undefined) continue;
        const name = familiarName(ref);
        into.set(name, [...(into.get(name) ?? []), v]);
      } catch {
        // docker skips what it cannot parse
      }
    }
  };
  collect(i.RepoTags, tags, 'tag');
  collect(i.RepoDigests, digests, 'digest');
  const lines: ImageLine[] = [];
  for (const [repo, repoTags] of tags) {
    const ds = opts.needDigest ? (digests.get(repo) ?? []) : [];
    digests.delete(repo);
    for (const tag of repoTags) {
      if (ds.length === 0) lines.push({ repo, tag, digest: '<none>' });
      else for (const d of ds) lines.push({ repo, tag, digest: d });
    }
  }
  for (const [repo, ds] of digests) {
    if (opts.showDigests) for (const d of ds) lines.push({ repo, tag: '<none>', digest: d });
    else lines.push({ repo, tag: '<none>', digest: '' });
  }
  return lines;
}

/** An `images` row (formatter imageContext). */
export function imageRow(i: ImageSummary, line: ImageLine, trunc: boolean, now = Date.now()) {
  return formatterContext({
    typeName: '*formatter.imageContext',
    getters: {
      ID: () => (trunc ? truncateId(i.Id) : i.Id),
      Repository: () => line.repo,
      Tag: () => line.tag,
      Digest: () => line.digest,
      CreatedSince: () => `${humanDuration(now - i.Created * 1000)} ago`,
      CreatedAt: () => goTimeString(i.Created),
      Size: () => humanSizeWithPrecision(i.Size, 3),
      Containers: () => (i.Containers === -1 ? 'N/A' : String(i.Containers)),
      VirtualSize: () => humanSize(i.Size),
      SharedSize: () => (i.SharedSize === -1 ? 'N/A' : humanSize(i.SharedSize)),
      UniqueSize: () => (i.Size === -1 || i.SharedSize === -1 ? 'N/A' : humanSize(i.Size - i.SharedSize)),
    },
  });
}
