/**
 * Names that point at images (moby reference/store.go): tags (`busybox:latest`) and digests
 * (`busybox@sha256:…`), kept in `repositories.json` in Docker's shape
 * (`{"Repositories":{"busybox":{"busybox:latest":"sha256:…"}}}`), rewritten atomically on every
 * change. Errors carry Docker's texts; callers pick the kind.
 */
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from './atomic-file.js';
import {
  familiarName,
  familiarString,
  parseNormalizedNamed,
  refString,
  tagNameOnly,
  trimNamed,
  type Reference,
} from './reference.js';

interface Entry {
  ref: Reference;
  id: string;
}

export class ReferenceStore {
  private readonly byString = new Map<string, Entry>();

  /** `path` undefined: memory only (the fake store). */
  constructor(private readonly path?: string) {}

  /** Reads the file; entries whose image `exists` says is gone are dropped (and the file rewritten). */
  load(exists: (id: string) => boolean): void {
    if (this.path === undefined) return;
    let parsed: { Repositories?: Record<string, Record<string, string>> };
    try {
      parsed = JSON.parse(readFileSync(this.path, 'utf8')) as typeof parsed;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        this.save();
        return;
      }
      throw err;
    }
    let dropped = false;
    for (const repo of Object.values(parsed.Repositories ?? {})) {
      for (const [key, id] of Object.entries(repo)) {
        if (!exists(id)) {
          dropped = true;
          continue;
        }
        try {
          this.byString.set(key, { ref: parseNormalizedNamed(key), id });
        } catch {
          dropped = true;
        }
      }
    }
    if (dropped) this.save();
  }

  /** refstore.AddTag (tags only; a bare name gets `:latest`). */
  addTag(ref: Reference, id: string, force: boolean): void {
    if (ref.digest !== undefined) throw new Error('refusing to create a tag with a digest reference');
    this.add(tagNameOnly(ref), id, force);
  }

  /** refstore.AddDigest */
  addDigest(ref: Reference, id: string, force: boolean): void {
    this.add(ref, id, force);
  }

  private add(original: Reference, id: string, force: boolean): void {
    const ref = favorDigest(original);
    if (familiarName(ref) === 'sha256') {
      throw new Error('refusing to create an ambiguous tag using digest algorithm as name');
    }
    const key = familiarString(ref);
    const old = this.byString.get(key);
    if (old) {
      if (old.id === id) return;
      if (ref.digest !== undefined) throw new Error(`cannot overwrite digest ${ref.digest}`);
      if (!force) {
        throw new Error(`tag ${key} is already set to image ${old.id}, use the force option to replace it`);
      }
    }
    this.byString.set(key, { ref, id });
    this.save();
  }

  /** refstore.Delete: whether something was deleted. */
  delete(original: Reference): boolean {
    const key = familiarString(tagNameOnly(favorDigest(original)));
    if (!this.byString.delete(key)) return false;
    this.save();
    return true;
  }

  /** refstore.Get: a digest wins over a tag; a bare name means `:latest`. */
  get(original: Reference): string | undefined {
    const ref = original.digest !== undefined ? favorDigest(original) : tagNameOnly(original);
    return this.byString.get(familiarString(ref))?.id;
  }

  /** refstore.References: sorted by the full reference string, as Docker sorts them. */
  references(id: string): Reference[] {
    const out: Reference[] = [];
    for (const e of this.byString.values()) if (e.id === id) out.push(e.ref);
    return out.sort((a, b) => {
      const x = refString(a);
      const y = refString(b);
      return x < y ? -1 : x > y ? 1 : 0;
    });
  }

  /** Every image id something points at. */
  ids(): Set<string> {
    return new Set([...this.byString.values()].map((e) => e.id));
  }

  /** Drops every reference to `id` (image deleted). */
  deleteAll(id: string): void {
    let changed = false;
    for (const [k, e] of this.byString) {
      if (e.id === id) {
        this.byString.delete(k);
        changed = true;
      }
    }
    if (changed) this.save();
  }

  private save(): void {
    if (this.path === undefined) return;
    const repos: Record<string, Record<string, string>> = {};
    for (const key of [...this.byString.keys()].sort()) {
      const e = this.byString.get(key) as Entry;
      const name = familiarName(e.ref);
      (repos[name] ??= {})[key] = e.id;
    }
    const sorted: Record<string, Record<string, string>> = {};
    for (const name of Object.keys(repos).sort()) sorted[name] = repos[name] as Record<string, string>;
    writeFileAtomic(this.path, JSON.stringify({ Repositories: sorted }));
  }
}

/** A reference with both tag and digest is stored by its digest alone. */
function favorDigest(ref: Reference): Reference {
  if (ref.digest !== undefined && ref.tag !== undefined) return { ...trimNamed(ref), digest: ref.digest };
  return ref;
}
