/**
 * `docker rmi` as moby daemon/images/image_delete.go (v28.2.2) decides it: a name given is untagged
 * first (refused while a container uses the image through its only name, unless forced), digest
 * names of the same repository follow their last tag, and the image itself goes once nothing names
 * it; an id given deletes the image with all its names when they are all in one repository. Hard
 * conflicts (a running container) are never forced; soft ones (names, stopped containers) are
 * with `force`. Strata keeps no parent chains, so `prune` has no parents to prune.
 */
import { conflict, invalidParameter } from '../errors/index.js';
import { shortId } from './digest.js';
import type { ImageDeleteItem, ImageUser } from './image-store.js';
import { familiarString, parseNormalizedNamed, tagNameOnly, type Reference } from './reference.js';

/** What the delete algorithm needs from the store. */
export interface DeleteTarget {
  /** The image `ref` names (throws Docker's not-found/invalid-parameter errors). */
  resolveId(ref: string): string;
  /** References to an image, sorted as moby's reference store sorts them. */
  references(id: string): Reference[];
  /** Deletes one reference (idempotent). */
  removeReference(ref: Reference): void;
  containersUsing(id: string): ImageUser[];
  /** Deletes the image and its names; returns the chain ids of the layers that went, top first. */
  deleteImage(id: string): Promise<string[]>;
}

const hardChild = 1;
const hardRunning = 2;
const softReference = 4;
const softStopped = 8;
const hard = hardChild | hardRunning;
const soft = softReference | softStopped;

class DeleteConflict extends Error {
  constructor(
    readonly id: string,
    readonly isHard: boolean,
    readonly used: boolean,
    detail: string,
  ) {
    super(
      `conflict: unable to delete ${shortId(id)} (${isHard ? 'cannot be forced' : 'must be forced'}) - ${detail}`,
    );
  }
}

export async function deleteImage(
  t: DeleteTarget,
  imageRef: string,
  opts: { force: boolean },
): Promise<ImageDeleteItem[]> {
  const records: ImageDeleteItem[] = [];
  const id = t.resolveId(imageRef);
  let refs = t.references(id);
  let removedRepositoryRef = false;

  if (!isImageIdPrefix(id, imageRef)) {
    if (!opts.force && isSingleReference(refs)) {
      const user = t.containersUsing(id)[0];
      if (user) {
        throw conflict(
          `conflict: unable to remove repository reference ${JSON.stringify(imageRef)} (must force) - container ${shortId(user.id)} is using its referenced image ${shortId(id)}`,
        );
      }
    }
    let parsed: Reference;
    try {
      parsed = tagNameOnly(parseNormalizedNamed(imageRef));
    } catch (err) {
      throw invalidParameter((err as Error).message, err);
    }
    t.removeReference(parsed);
    records.push({ Untagged: familiarString(parsed) });
    refs = t.references(id);
    if (parsed.digest === undefined) {
      const sameRepoTag = refs.some((r) => r.digest === undefined && sameName(r, parsed));
      if (!sameRepoTag) {
        const remaining: Reference[] = [];
        for (const r of refs) {
          if (r.digest !== undefined && sameName(r, parsed)) {
            t.removeReference(r);
            records.push({ Untagged: familiarString(r) });
          } else remaining.push(r);
        }
        refs = remaining;
      }
    }
    if (refs.length > 0) return records;
    removedRepositoryRef = true;
  } else if (isSingleReference(refs)) {
    const c = opts.force ? hard : hard | (soft & ~softReference);
    const found = checkConflict(t, id, c);
    if (found) throw conflict(found.message);
    for (const r of refs) {
      t.removeReference(r);
      records.push({ Untagged: familiarString(tagNameOnly(r)) });
    }
  }

  const c = opts.force ? hard : hard | soft;
  const found = checkConflict(t, id, c);
  if (found) {
    // After an untag, the image stays quietly when something still names or uses it.
    if (removedRepositoryRef && (t.references(id).length > 0 || found.used)) return records;
    throw conflict(found.message);
  }
  for (const r of t.references(id)) {
    t.removeReference(r);
    records.push({ Untagged: familiarString(tagNameOnly(r)) });
  }
  const layers = await t.deleteImage(id);
  records.push({ Deleted: id });
  for (const l of layers) records.push({ Deleted: l });
  return records;
}

function checkConflict(t: DeleteTarget, id: string, mask: number): DeleteConflict | undefined {
  if (mask & hardRunning) {
    const running = t.containersUsing(id).find((c) => c.running);
    if (running)
      return new DeleteConflict(
        id,
        true,
        true,
        `image is being used by running container ${shortId(running.id)}`,
      );
  }
  if (mask & softReference && t.references(id).length > 0) {
    return new DeleteConflict(id, false, false, 'image is referenced in multiple repositories');
  }
  if (mask & softStopped) {
    const stopped = t.containersUsing(id).find((c) => !c.running);
    if (stopped)
      return new DeleteConflict(
        id,
        false,
        true,
        `image is being used by stopped container ${shortId(stopped.id)}`,
      );
  }
  return undefined;
}

function sameName(a: Reference, b: Reference): boolean {
  return a.domain === b.domain && a.path === b.path;
}

/** isSingleReference: all references in one repository with at most one tag; false for none. */
function isSingleReference(refs: Reference[]): boolean {
  if (refs.length <= 1) return refs.length === 1;
  let single: Reference | undefined;
  const canonical = new Set<string>();
  for (const r of refs) {
    if (r.digest !== undefined) canonical.add(`${r.domain}/${r.path}`);
    else if (single === undefined) single = r;
    else return false;
  }
  single ??= refs[0] as Reference;
  return canonical.size === 1 && canonical.has(`${single.domain}/${single.path}`);
}

/** isImageIDPrefix: `ref` is a prefix of the id, with or without `sha256:`. */
function isImageIdPrefix(id: string, ref: string): boolean {
  if (id.startsWith(ref)) return true;
  const colon = id.indexOf(':');
  return colon >= 0 && id.slice(colon + 1).startsWith(ref);
}
