import { createReadStream, existsSync, statSync, watch } from 'node:fs';
import { createInterface } from 'node:readline';

/** One json-file log entry (Docker's `{"log","stream","time"}` line). */
export interface LogEntry {
  stream: 'stdout' | 'stderr';
  /** RFC 3339 with nanoseconds. */
  time: string;
  log: string;
}

export interface LogOptions {
  follow: boolean;
  /** Unix nanoseconds; 0 = from the start. */
  sinceNano: bigint;
  /** Unix nanoseconds; 0 = no end. */
  untilNano: bigint;
  /** Last N entries only (-1 = all). */
  tail: number;
}

/** RFC 3339 with up to nine fraction digits → unix nanoseconds. */
export function rfc3339ToNano(t: string): bigint {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(t);
  if (!m) return 0n;
  const seconds = BigInt(Date.parse(`${m[1]}${m[3]}`)) / 1000n;
  return seconds * 1_000_000_000n + BigInt((m[2] ?? '').padEnd(9, '0'));
}

/**
 * Reads a container's json-file log (moby daemon/logger/jsonfilelog): entries in order, filtered by
 * time and tail; with `follow`, keeps reading what is appended until `stopped()` says the container
 * ended and everything written is read.
 */
export async function* readLogs(
  path: string,
  opts: LogOptions,
  stopped: () => Promise<unknown>,
): AsyncGenerator<LogEntry> {
  const keep = (e: LogEntry): boolean => {
    const t = rfc3339ToNano(e.time);
    return (opts.sinceNano === 0n || t >= opts.sinceNano) && (opts.untilNano === 0n || t <= opts.untilNano);
  };
  let offset = 0;
  const readFrom = async function* (start: number): AsyncGenerator<{ entry: LogEntry; end: number }> {
    if (!existsSync(path)) return;
    const rl = createInterface({ input: createReadStream(path, { start }), crlfDelay: Infinity });
    let pos = start;
    for await (const line of rl) {
      pos += Buffer.byteLength(line) + 1;
      if (line.trim() === '') continue;
      try {
        yield { entry: JSON.parse(line) as LogEntry, end: pos };
      } catch {
        // a line cut short by a crash
      }
    }
  };
  const first: LogEntry[] = [];
  for await (const { entry, end } of readFrom(0)) {
    offset = end;
    if (keep(entry)) first.push(entry);
  }
  yield* opts.tail >= 0 ? first.slice(Math.max(0, first.length - opts.tail)) : first;
  if (!opts.follow) return;
  let ended = false;
  void stopped().then(() => (ended = true));
  let wake: (() => void) | undefined;
  const watcher = existsSync(path) ? watch(path, () => wake?.()) : undefined;
  try {
    for (;;) {
      const size = existsSync(path) ? statSync(path).size : 0;
      if (size > offset) {
        for await (const { entry, end } of readFrom(offset)) {
          offset = end;
          if (keep(entry)) yield entry;
        }
        continue;
      }
      if (ended) return;
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, 200);
      });
    }
  } finally {
    watcher?.close();
  }
}
