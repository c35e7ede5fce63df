/**
 * GNU tar on the client's side of `strata volume cp`: archives a host path, or extracts an archive
 * into a host directory, renaming the top entry when the copy rules ask for it (go-archive's
 * RebaseArchiveEntries, done by tar's --transform: entry names and hard-link targets, not symlink
 * targets). Owners are not restored on the host (go-archive CopyTo's NoLchown).
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface LocalTar {
  child: ChildProcess;
  /** Resolves when tar exits 0; rejects with tar's own words otherwise. */
  done: Promise<void>;
}

const common = ['--xattrs', '--xattrs-include=*', '--numeric-owner'];

export function tarLocalPath(dir: string, name: string, rename?: string): LocalTar {
  const args = ['--blocking-factor=128', '-c', '-f', '-', '-C', dir, '--format=pax', '--sparse', ...common];
  if (rename !== undefined && rename !== name) args.push(transform(name, rename));
  args.push(`--add-file=${name}`);
  return run(args, ['ignore', 'pipe', 'pipe']);
}

export function untarLocal(dir: string, rename?: { from: string; to: string }): LocalTar {
  // --ignore-zeros: tar reads the stream to its end (the record padding after the end marker too),
  // instead of exiting while it is still being written to it.
  const args = [
    '-x',
    '-f',
    '-',
    '-C',
    dir,
    ...common,
    '--preserve-permissions',
    '--no-same-owner',
    '--ignore-zeros',
  ];
  if (rename && rename.from !== rename.to) args.push(transform(rename.from, rename.to));
  return run(args, ['pipe', 'ignore', 'pipe']);
}

/** `s<SOH>^FROM\(/\|$\)<SOH>TO\1<SOH>S`: the top name only, as a whole path component. */
function transform(from: string, to: string): string {
  const d = '\u0001';
  if (from.includes(d) || to.includes(d))
    throw new Error('file names with control character 0x01 cannot be renamed');
  const re = from.replace(/[\\.[\]*^$]/g, (c) => `\\${c}`);
  const rep = to.replace(/[\\&]/g, (c) => `\\${c}`);
  return `--transform=s${d}^${re}\\(/\\|$\\)${d}${rep}\\1${d}S`;
}

function run(args: string[], stdio: ['pipe' | 'ignore', 'pipe' | 'ignore', 'pipe']): LocalTar {
  const child = spawn('tar', args, { stdio });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (s: string) => {
    if (stderr.length < 8192) stderr += s;
  });
  child.stdin?.on('error', () => undefined);
  const done = new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(stderr.trim().split('\n').slice(0, 3).join('\n') || `tar exited with status ${code}`),
        );
    });
  });
  done.catch(() => undefined);
  return { child, done };
}
