/**
 * A byte progress line for long transfers (volume export, import, cp): on a terminal only, on
 * stderr, redrawn at most every 100 ms — `Exporting data  [=====>     ]  1.2GB/5GB  210MB/s` — and
 * erased at the end. Without a terminal it does nothing, so piped output stays clean.
 */
import { Transform, type TransformCallback } from 'node:stream';

export interface ByteProgress {
  /** Counts `n` more bytes. */
  add(n: number): void;
  /** Bytes counted so far. */
  readonly bytes: number;
  /** Erases the line (call however the transfer ended). */
  stop(): void;
  /** A pass-through stream that counts what flows through it. */
  meter(): Transform;
}

export function byteProgress(
  stderr: NodeJS.WriteStream,
  opts: { label: string; total?: number; enabled?: boolean },
): ByteProgress {
  const on = (opts.enabled ?? true) && stderr.isTTY === true;
  const started = Date.now();
  let bytes = 0;
  let drawn = false;
  const draw = (): void => {
    const secs = Math.max((Date.now() - started) / 1000, 0.001);
    const rate = `${humanBytes(bytes / secs)}/s`;
    const width = Math.max(10, Math.min(50, (stderr.columns ?? 80) - opts.label.length - 40));
    let bar = '';
    let amount = humanBytes(bytes);
    if (opts.total !== undefined && opts.total > 0) {
      const frac = Math.min(bytes / opts.total, 0.999);
      const filled = Math.floor(frac * width);
      bar = `[${'='.repeat(filled)}>${' '.repeat(Math.max(0, width - filled - 1))}] `;
      amount += `/${humanBytes(opts.total)}`;
    }
    stderr.write(`\r\u001b[2K${opts.label} ${bar}${amount}  ${rate}`);
    drawn = true;
  };
  const timer = on ? setInterval(draw, 100) : undefined;
  timer?.unref();
  const p: ByteProgress = {
    add: (n) => {
      bytes += n;
    },
    get bytes() {
      return bytes;
    },
    stop: () => {
      if (timer) clearInterval(timer);
      if (drawn) stderr.write('\r\u001b[2K');
      drawn = false;
    },
    meter: () =>
      new Transform({
        transform(chunk: Buffer, _enc, cb: TransformCallback) {
          bytes += chunk.length;
          cb(null, chunk);
        },
      }),
  };
  return p;
}

/** go-units HumanSizeWithPrecision(n, 3): decimal units, three significant digits (`2.05kB`). */
export function humanBytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let size = n;
  let i = 0;
  while (size >= 1000 && i < units.length - 1) {
    size /= 1000;
    i++;
  }
  return `${Number(size.toPrecision(3))}${units[i]}`;
}
