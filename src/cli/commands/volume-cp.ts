import { statSync } from 'node:fs';
import { isAbsolute, posix } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { isApiError } from '../../client/engine-client.js';
import { VolumeArchiveApi, type VolumePathStat } from '../../client/volume-archive-api.js';
import { byteProgress, humanBytes } from '../byte-progress.js';
import { StatusError, type CommandContext } from '../command.js';
import {
  copyInfoDestinationPath,
  copyInfoSourcePath,
  getRebaseName,
  goModeDir,
  goModeSymlink,
  prepareArchiveCopy,
  resolveLocalPath,
  splitCpArg,
  splitPathDirEntry,
  type CopyInfo,
} from '../copy-paths.js';
import { tarLocalPath, untarLocal } from '../local-tar.js';

interface CpOptions {
  followLink: boolean;
  copyUIDGID: boolean;
  quiet: boolean;
}

/**
 * `strata volume cp [OPTIONS] VOLUME:SRC_PATH DEST_PATH|-` and `… SRC_PATH|- VOLUME:DEST_PATH`
 * (Strata's own): docker cp's argument rules, path rules and texts (docker/cli container/cp.go),
 * with a volume in place of a container and no helper container; `-` is a tar stream on
 * stdout/stdin, `-a` keeps owners, `-L` follows a symbolic link at the source. Progress and the
 * `Successfully copied` line go to stderr unless quiet (quiet by default when stdout is no terminal).
 */
export async function run(ctx: CommandContext): Promise<void> {
  const [src = '', dst = ''] = ctx.args;
  if (src === '') throw new StatusError('source can not be empty', 1);
  if (dst === '') throw new StatusError('destination can not be empty', 1);
  const opts: CpOptions = {
    followLink: ctx.flags.bool('follow-link'),
    copyUIDGID: ctx.flags.bool('archive'),
    quiet: ctx.flags.changed.has('quiet') ? ctx.flags.bool('quiet') : ctx.stdout.isTTY !== true,
  };
  const from = splitCpArg(src);
  const to = splitCpArg(dst);
  if (from.volume !== '' && to.volume !== '')
    throw new StatusError('copying between volumes is not supported', 1);
  if (from.volume === '' && to.volume === '')
    throw new StatusError('must specify at least one volume source', 1);
  try {
    if (from.volume !== '') await copyFromVolume(ctx, from.volume, from.path, to.path, opts);
    else await copyToVolume(ctx, to.volume, from.path, to.path, opts);
  } catch (err) {
    if (err instanceof StatusError || isApiError(err)) throw err;
    throw new StatusError((err as Error).message, 1);
  }
}

async function copyFromVolume(
  ctx: CommandContext,
  volume: string,
  srcArg: string,
  dstArg: string,
  opts: CpOptions,
): Promise<void> {
  const api = new VolumeArchiveApi(ctx.client());
  const dstPath = dstArg === '-' ? '-' : resolveLocalPath(dstArg);
  validateOutputPath(dstPath);
  let srcPath = srcArg;
  let rebaseName: string | undefined;
  if (opts.followLink) {
    const stat = await api.stat(volume, srcPath).catch(() => undefined);
    if (stat && (stat.mode & goModeSymlink) !== 0) {
      let target = stat.linkTarget;
      if (!isAbsolute(target)) target = posix.join(splitPathDirEntry(srcPath)[0], target);
      ({ resolved: srcPath, rebaseName } = getRebaseName(srcPath, target));
    }
  }
  const { stat, tar } = await api.get(volume, srcPath);
  if (dstPath === '-') {
    try {
      await pipeline(tar, ctx.stdout, { end: false });
    } catch (err) {
      // The reader went away (`| head`): end as a writer killed by SIGPIPE does, without a word.
      if ((err as NodeJS.ErrnoException).code === 'EPIPE') throw new StatusError('', 141);
      throw err;
    }
    return;
  }
  const srcInfo: CopyInfo = {
    path: srcPath,
    exists: true,
    isDir: (stat.mode & goModeDir) !== 0,
    ...(rebaseName ? { rebaseName } : {}),
  };
  const prep = prepareArchiveCopy(srcInfo, copyInfoDestinationPath(dstPath));
  const top = topEntry(srcPath);
  const untar = untarLocal(prep.dir, { from: top, to: prep.to ?? rebaseName ?? top });
  const progress = byteProgress(ctx.stderr, { label: 'Copying from volume -', enabled: !opts.quiet });
  try {
    await Promise.all([
      pipeline(tar, progress.meter(), untar.child.stdin as NodeJS.WritableStream),
      untar.done,
    ]);
  } finally {
    progress.stop();
  }
  if (!opts.quiet) ctx.err(`Successfully copied ${humanBytes(progress.bytes)} to ${dstPath}\n`);
}

async function copyToVolume(
  ctx: CommandContext,
  volume: string,
  srcArg: string,
  dstPath: string,
  opts: CpOptions,
): Promise<void> {
  const api = new VolumeArchiveApi(ctx.client());
  const srcPath = srcArg === '-' ? '-' : resolveLocalPath(srcArg);
  const dstInfo: CopyInfo = { path: dstPath, exists: false, isDir: false };
  let stat: VolumePathStat | undefined = await api.stat(volume, dstPath).catch(() => undefined);
  if (stat && (stat.mode & goModeSymlink) !== 0) {
    let target = stat.linkTarget;
    if (!isAbsolute(target)) target = posix.join(splitPathDirEntry(dstPath)[0], target);
    dstInfo.path = target;
    stat = await api.stat(volume, target).catch(() => undefined);
  }
  if (stat) {
    const isDir = (stat.mode & goModeDir) !== 0;
    // Go's ModeType bits other than directory: symlink, device, pipe, socket, char device, irregular.
    if (!isDir && (stat.mode & 0x0f280000) !== 0) {
      throw new StatusError(`destination "${volume}:${dstPath}" must be a directory or a regular file`, 1);
    }
    dstInfo.exists = true;
    dstInfo.isDir = isDir;
  }
  const progress = byteProgress(ctx.stderr, { label: 'Copying to volume -', enabled: !opts.quiet });
  try {
    if (srcPath === '-') {
      if (!dstInfo.isDir) throw new StatusError(`destination "${volume}:${dstPath}" must be a directory`, 1);
      await api.put(volume, dstInfo.path, ctx.stdin.pipe(progress.meter()), { copyUIDGID: opts.copyUIDGID });
    } else {
      const srcInfo = copyInfoSourcePath(srcPath, opts.followLink);
      const prep = prepareArchiveCopy(srcInfo, dstInfo);
      const [srcDir, srcBase] = splitPathDirEntry(srcInfo.path);
      const tar = tarLocalPath(srcDir, srcBase, prep.to ?? srcInfo.rebaseName ?? srcBase);
      await Promise.all([
        api.put(volume, prep.dir, (tar.child.stdout as NodeJS.ReadableStream).pipe(progress.meter()), {
          copyUIDGID: opts.copyUIDGID,
        }),
        tar.done,
      ]);
    }
  } finally {
    progress.stop();
  }
  if (!opts.quiet)
    ctx.err(`Successfully copied ${humanBytes(progress.bytes)} to ${volume}:${dstInfo.path}\n`);
}

/** The name the daemon gives the archive's top entry for a path (`.` for `dir/.` and the root). */
function topEntry(path: string): string {
  const base = splitPathDirEntry(posix.join('/', path) + (path.endsWith('/.') ? '/.' : ''))[1];
  return base === '' || base === '/' ? '.' : base;
}

/** docker/cli command.ValidateOutputPath. */
function validateOutputPath(path: string): void {
  if (path === '-') return;
  const dir = posix.dirname(posix.normalize(path));
  if (dir !== '' && dir !== '.') {
    try {
      statSync(dir);
    } catch {
      throw new StatusError(`invalid output path: directory "${dir}" does not exist`, 1);
    }
  }
  try {
    const st = statSync(path);
    if (!st.isDirectory() && !st.isFile()) {
      throw new StatusError(`invalid output path: "${path}" must be a directory or a regular file`, 1);
    }
  } catch (err) {
    if (err instanceof StatusError) throw err;
  }
}
