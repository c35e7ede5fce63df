/**
 * GNU tar as a child process: it reads and writes volume trees 2–7× faster than JS tar code and
 * keeps what matters (xattrs, hard links, sparse files, set-id bits, owners by number). Strata
 * never lets it see an archive entry TarGuard has not accepted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { invalidParameter, systemError } from '../../errors/index.js';

/** Options every run shares: PAX with xattrs, numeric owners. */
const common = ['--xattrs', '--xattrs-include=*', '--numeric-owner'];

export interface TarRun {
  child: ChildProcess;
  /** Resolves when tar exits 0 (1 too for `create`: a file changed as it was read); rejects otherwise. */
  done: Promise<void>;
  /** Ends tar now (a refused archive, a client gone). */
  kill(): void;
}

/**
 * `tar -c` of `names` (as given, relative to `dir`) to stdout. `globals` become PAX global records
 * at the head of the archive, which GNU tar skips on extraction.
 */
export function createArchive(
  dir: string,
  names: readonly string[],
  globals: Record<string, string> = {},
  /** Entries start with `.`; this name replaces it (hard-link targets too, symlink targets not). */
  renameDot?: string,
  /**
   * Where tar writes the archive instead of a pipe: the socket's descriptor becomes tar's stdout, so
   * no byte passes through this process (`child.stdout` is null then). Note that the child makes the
   * shared descriptor blocking; the caller restores it when tar has exited.
   */
  output?: Socket,
): TarRun {
  // No access or change times, and a fixed time on the global header: the same volume exports to
  // the same bytes (the header's time was the second of the export).
  const pax = ['delete=atime', 'delete=ctime', 'globexthdr.name=strata.volume', 'globexthdr.mtime=0'];
  for (const [k, v] of Object.entries(globals)) pax.push(`${k}=${v}`);
  // tar's own 10 KiB records: a plain `tar -x` reading the stream from a pipe reads whole records,
  // so it consumes the padding after the end marker too (larger records would leave some unread and
  // the writer would meet a closed pipe).
  const args = [
    '-c',
    '-f',
    '-',
    '-C',
    dir,
    '--format=pax',
    '--sparse',
    ...common,
    `--pax-option=${pax.join(',')}`,
  ];
  if (renameDot !== undefined) args.push(`--transform=s\u0001^\\.\u0001${sedReplacement(renameDot)}\u0001S`);
  // --add-file: a name starting with `-` is still a name.
  for (const n of names) args.push(`--add-file=${n}`);
  return runTar(args, { okCodes: [0, 1], ...(output ? { stdout: output } : {}) });
}

export interface ExtractOptions {
  /** Keep the archive's owners (true) or make everything the daemon's (docker cp without -a). */
  sameOwner: boolean;
}

/** `tar -x` from stdin into `dir`, modes, times, xattrs and (when asked) owners as archived. */
export function extractArchive(dir: string, opts: ExtractOptions): TarRun {
  const args = ['-x', '-f', '-', '-C', dir, ...common, '--preserve-permissions'];
  args.push(opts.sameOwner ? '--same-owner' : '--no-same-owner');
  // Our own PAX keywords are metadata for Strata, not for the files.
  args.push('--warning=no-unknown-keyword');
  return runTar(args, { okCodes: [0] });
}

/** A literal sed replacement text (`\` and `&` escaped; the delimiter is U+0001). */
export function sedReplacement(text: string): string {
  return text.replace(/[\\&]/g, (c) => `\\${c}`);
}

function runTar(args: string[], opts: { okCodes: number[]; stdout?: Socket }): TarRun {
  const child = spawn('tar', args, { stdio: ['pipe', opts.stdout ?? 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (s: string) => {
    if (stderr.length < 16_384) stderr += s;
  });
  // A tar that exits early closes its stdin; the writer learns it from `done`.
  child.stdin?.on('error', () => undefined);
  const done = new Promise<void>((resolve, reject) => {
    child.once('error', (err) => reject(systemError(`tar: ${err.message}`, err)));
    child.once('close', (code, signal) => {
      if (code !== null && opts.okCodes.includes(code)) resolve();
      else reject(tarError(stderr, code, signal));
    });
  });
  done.catch(() => undefined);
  return {
    child,
    done,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

function tarError(stderr: string, code: number | null, signal: NodeJS.Signals | null): Error {
  const lines = stderr
    .split('\n')
    .map((l) => l.replace(/^tar: /, '').trim())
    .filter((l) => l !== '' && !l.startsWith('Exiting with failure status'));
  const text = lines.slice(0, 5).join('; ') || (signal ? `killed by ${signal}` : `exit status ${code}`);
  if (/Unexpected EOF|does not look like a tar archive|Skipping to next header/.test(text)) {
    return invalidParameter(`invalid tar archive: ${text}`);
  }
  return systemError(`tar: ${text}`);
}
