/**
 * What an archive may write, decided per entry before the extractor sees it (TarGuard calls
 * `check`). Refused: absolute names and `..` (tar-slip), any entry or hard-link target reached
 * through a symbolic link (one made earlier by the archive or one already in the destination), a
 * directory replacing a symbolic link, hard links to anything the archive has not made and that is
 * not already inside the destination, and device nodes unless allowed. With `noOverwriteDirNonDir`
 * (moby's copy option) a directory may not replace a non-directory nor the reverse.
 */
import { invalidParameter, messages } from '../../errors/index.js';
import type { GuardedEntry } from './tar-guard.js';

export type NodeKind = 'dir' | 'symlink' | 'file' | 'other';

export interface EntryPolicyOptions {
  allowDevices: boolean;
  /** What exists now at a destination-relative path (`a/b`), without following a last symlink. */
  existing?(rel: string): NodeKind | undefined;
  noOverwriteDirNonDir?: boolean;
}

export class EntryPolicy {
  /** Destination-relative path → what the archive made there, in archive order. */
  private readonly made = new Map<string, NodeKind>();
  /** The archive's own root entry (`./`), whose attributes belong to the destination itself. */
  rootEntry: GuardedEntry | undefined;

  constructor(private readonly opts: EntryPolicyOptions) {}

  check(e: GuardedEntry): void {
    const rel = relativeName(e.name);
    let kind = kindOfType(e.type);
    if (rel === '') {
      if (kind !== 'dir') refuse(e.name, 'the archive root must be a directory');
      this.rootEntry = e;
      return;
    }
    this.refuseThroughSymlink(e.name, rel);
    if ((e.type === '3' || e.type === '4') && !this.opts.allowDevices) {
      refuse(e.name, 'device nodes are not imported unless allowed (--allow-devices)');
    }
    if (e.type === '1') {
      const target = relativeName(e.linkname, e.name, 'its hard link target: ');
      if (target === '') refuse(e.name, 'a hard link to the archive root');
      this.refuseThroughSymlink(e.name, target);
      const targetKind = this.kindAt(target);
      if (targetKind === undefined)
        refuse(e.name, `hard link to ${shown(e.linkname)}, which is not in the archive`);
      if (targetKind === 'dir') refuse(e.name, 'a hard link to a directory');
      kind = targetKind;
    }
    const now = this.kindAt(rel);
    if (kind === 'dir' && now === 'symlink') refuse(e.name, 'a directory would replace a symbolic link');
    if (this.opts.noOverwriteDirNonDir && now !== undefined) {
      if (now === 'dir' && kind !== 'dir') {
        throw invalidParameter(messages.cannotOverwriteDirWithNonDir(shown(rel), shown(e.name)));
      }
      if (now !== 'dir' && kind === 'dir') {
        throw invalidParameter(messages.cannotOverwriteNonDirWithDir(shown(rel), shown(e.name)));
      }
    }
    this.made.set(rel, kind);
  }

  private kindAt(rel: string): NodeKind | undefined {
    return this.made.get(rel) ?? this.opts.existing?.(rel);
  }

  private refuseThroughSymlink(entry: string, rel: string): void {
    let prefix = '';
    const parts = rel.split('/');
    for (let i = 0; i < parts.length - 1; i++) {
      prefix = i === 0 ? (parts[0] as string) : `${prefix}/${parts[i] as string}`;
      if (this.kindAt(prefix) === 'symlink') {
        refuse(entry, `it would be written through the symbolic link ${shown(prefix)}`);
      }
    }
  }
}

/** `./a//b/` → `a/b`; the root is ''. Absolute names and `..` are refused. */
export function relativeName(name: string, entry: string = name, what = ''): string {
  if (name.startsWith('/')) refuse(entry, `${what}absolute paths are not allowed`);
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) refuse(entry, `${what}the path leaves the destination (..)`);
  return parts.join('/');
}

function kindOfType(type: string): NodeKind {
  if (type === '5') return 'dir';
  if (type === '2') return 'symlink';
  if (type === '0' || type === '7' || type === 'S' || type === '1') return 'file';
  return 'other';
}

/** A latin1-held name as people read it (invalid UTF-8 shown as U+FFFD). */
export function shown(name: string): string {
  return Buffer.from(name, 'latin1').toString('utf8');
}

function refuse(entry: string, why: string): never {
  throw invalidParameter(messages.archiveEntryRefused(shown(entry), why));
}
