/**
 * `POST /volumes/{name}/import`: a tar stream becomes the volume's content (see import-swap.ts for
 * the crash-safe replacement). The volume is made when missing, from the archive's `STRATA.volume`
 * record (driver, labels, options) when there is one. A volume with content is refused unless
 * `replace`; a volume containers use is refused. Every entry passes TarGuard and EntryPolicy before
 * GNU tar sees it; a refused archive leaves the volume as it was (and a volume it made, gone).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, type BigIntStats } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { conflict, messages } from '../../errors/index.js';
import { decodeMeta, metaKeyword, type ArchiveVolumes } from './archive-volumes.js';
import { EntryPolicy } from './entry-policy.js';
import { extractArchive, type TarRun } from './gnu-tar.js';
import {
  finishSwap,
  moveBack,
  moveOut,
  removeWork,
  syncFilesystem,
  workDir,
  type ImportJournal,
  type ImportJournals,
} from './import-swap.js';
import { TarGuard } from './tar-guard.js';

export interface ImportOptions {
  /** Replace existing content (else a volume with content is refused). */
  replace: boolean;
  /** Let device nodes through. */
  allowDevices: boolean;
}

export interface ImportResult {
  name: string;
  /** Whether the import made the volume. */
  created: boolean;
  /** Entries extracted. */
  entries: number;
  /** Archive bytes read. */
  bytes: number;
}

export interface ImportContext {
  volumes: ArchiveVolumes;
  journals: ImportJournals;
  /** syncfs before the swap, so the new content is on disk before the old goes. */
  durable: boolean;
}

/** Root entries that a fresh filesystem has and that do not make a volume "not empty". */
const ignoredWhenEmpty = new Set(['lost+found']);

export async function importVolume(
  ctx: ImportContext,
  name: string,
  body: NodeJS.ReadableStream,
  opts: ImportOptions,
): Promise<ImportResult> {
  const { volumes, journals } = ctx;
  const token = journals.newToken();
  const mountId = `import-${randomBytes(6).toString('hex')}`;
  const journal: ImportJournal = { volume: name, token, created: false, phase: 'staging' };
  const policy = new EntryPolicy({ allowDevices: opts.allowDevices });
  let bytes = 0;
  let unlock: (() => void) | undefined;
  let release: (() => void) | undefined;
  let mountpoint: string | undefined;
  let tar: TarRun | undefined;
  /** The root's times before the work directory touched them, put back when the import is undone. */
  let rootTimes: BigIntStats | undefined;

  const open = async (globals: ReadonlyMap<string, string>): Promise<NodeJS.WritableStream> => {
    if (!volumes.has(name)) {
      const meta = decodeMeta(globals.get(metaKeyword));
      journal.created = true;
      journals.write(journal);
      await volumes.create({
        name,
        driver: meta?.driver ?? '',
        driverOpts: meta?.options ?? null,
        labels: meta?.labels ?? null,
      });
    } else journals.write(journal);
    unlock = await takeLock(volumes, name);
    release = volumes.hold(name, 'imported');
    mountpoint = await volumes.mount(name, mountId);
    if (!opts.replace && !journal.created && hasContent(mountpoint)) {
      throw conflict(messages.importNotEmpty(name));
    }
    rootTimes = statSync(mountpoint, { bigint: true });
    const fresh = join(workDir(mountpoint, token), 'new');
    mkdirSync(fresh, { recursive: true, mode: 0o700 });
    tar = extractArchive(fresh, { sameOwner: true });
    // A tar that fails (a full disk) ends the upload too.
    tar.done.catch((err: Error) => guard.destroy(err));
    const stdin = tar.child.stdin;
    if (!stdin) throw new Error('tar has no stdin');
    return stdin;
  };

  // Refused before the upload is read, so the client hears why instead of a cut connection.
  if (volumes.has(name)) {
    volumes.hold(name, 'imported')();
    if (!opts.replace) await refuseContent(volumes, name, mountId);
  }

  const guard = new TarGuard({
    check: (e) => policy.check(e),
    open,
    onBytes: (n) => (bytes += n),
  });

  try {
    await pump(body, guard);
    if (!tar) throw new Error('import: the archive was never opened');
    await tar.done;
    const mp = mountpoint as string;
    if (ctx.durable) await syncFilesystem(mp);
    journal.phase = 'swap-out';
    if (policy.rootEntry) journal.root = policy.rootEntry.raw.toString('base64');
    journals.write(journal);
    try {
      moveOut(mp, token);
    } catch (err) {
      moveBack(mp, token);
      journal.phase = 'staging';
      journals.write(journal);
      throw err;
    }
    journal.phase = 'swap-in';
    journals.write(journal);
    await finishSwap(mp, journal);
    // The renames reach the disk before the journal that would redo them goes.
    if (ctx.durable) await syncFilesystem(mp);
    journals.remove(token);
    volumes.contentChanged?.(name);
    return { name, created: journal.created, entries: guard.accepted, bytes };
  } catch (err) {
    tar?.kill();
    await tar?.done.catch(() => undefined);
    if (journal.phase !== 'staging' && mountpoint !== undefined) {
      // Past the point of no return: finish now if possible, else start-up settles it.
      await finishSwap(mountpoint, journal).then(
        () => journals.remove(token),
        () => undefined,
      );
    }
    if (journal.phase === 'staging' && mountpoint !== undefined) {
      await removeWork(mountpoint, token).catch(() => undefined);
      if (rootTimes) restoreTimes(mountpoint, rootTimes);
    }
    throw err;
  } finally {
    if (mountpoint !== undefined) await volumes.unmount(name, mountId).catch(() => undefined);
    release?.();
    unlock?.();
    if (journal.created && journal.phase === 'staging' && volumes.has(name)) {
      await volumes.remove(name).catch(() => undefined);
    }
    if (journal.phase === 'staging') journals.remove(token);
  }
}

function hasContent(mountpoint: string): boolean {
  return readdirSync(mountpoint).some((e) => !ignoredWhenEmpty.has(e));
}

async function refuseContent(volumes: ArchiveVolumes, name: string, mountId: string): Promise<void> {
  const mp = await volumes.mount(name, mountId);
  try {
    if (hasContent(mp)) throw conflict(messages.importNotEmpty(name));
  } finally {
    await volumes.unmount(name, mountId);
  }
}

/** Puts a directory's atime and mtime back to the nanosecond (touch(1): Node's utimes rounds). */
function restoreTimes(path: string, st: BigIntStats): void {
  const at = (ns: bigint): string =>
    `@${ns / 1_000_000_000n}.${String(ns % 1_000_000_000n).padStart(9, '0')}`;
  spawnSync('touch', ['-a', '-d', at(st.atimeNs), '--', path], { stdio: 'ignore' });
  spawnSync('touch', ['-m', '-d', at(st.mtimeNs), '--', path], { stdio: 'ignore' });
}

/** Finishes or undoes imports a daemon that stopped mid-way left (start-up, before serving). */
export async function settleImports(
  ctx: ImportContext,
  log: (msg: string, f: object) => void,
): Promise<void> {
  for (const j of ctx.journals.list()) {
    if (!ctx.volumes.has(j.volume)) {
      ctx.journals.remove(j.token);
      continue;
    }
    const id = `import-settle-${j.token}`;
    let mp: string | undefined;
    try {
      mp = await ctx.volumes.mount(j.volume, id);
      if (j.phase === 'staging') await removeWork(mp, j.token);
      else await finishSwap(mp, j);
    } catch (err) {
      log('could not settle an interrupted volume import', { volume: j.volume, err: String(err) });
      continue;
    } finally {
      if (mp !== undefined) await ctx.volumes.unmount(j.volume, id).catch(() => undefined);
    }
    if (j.phase === 'staging' && j.created) await ctx.volumes.remove(j.volume).catch(() => undefined);
    log(
      j.phase === 'staging' ? 'undid an interrupted volume import' : 'finished an interrupted volume import',
      {
        volume: j.volume,
      },
    );
    ctx.journals.remove(j.token);
  }
}

/** The name lock, held until the returned function is called. */
function takeLock(volumes: ArchiveVolumes, name: string): Promise<() => void> {
  return new Promise((resolveTaken) => {
    void volumes.withNameLock(
      name,
      () =>
        new Promise<void>((done) => {
          resolveTaken(done);
        }),
    );
  });
}

/** Pipes `from` into the guard; resolves when the guard has finished, rejects on either's error. */
function pump(from: NodeJS.ReadableStream, guard: TarGuard): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (err: Error): void => {
      from.unpipe(guard);
      reject(err);
    };
    from.once('error', fail);
    guard.once('error', fail);
    guard.once('finish', () => resolve());
    from.once('close', () => {
      if (!(from as NodeJS.ReadableStream & { readableEnded?: boolean }).readableEnded) {
        fail(new Error('the upload was cut short'));
      }
    });
    from.pipe(guard);
  });
}
