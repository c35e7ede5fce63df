/**
 * Docker's progress reporting (pkg/progress + pkg/jsonmessage + pkg/streamformatter): a pass-through
 * that reports bytes read as `{"status":action,"progressDetail":{current,total},"progress":bar,
 * "id":id}` at most every 100 ms and every 512 KiB (or 1% of the total), always at the end; and the
 * bar text dockerd computes for a 200-column terminal it does not have.
 */
import { Transform, type TransformCallback } from 'node:stream';
import type { ProgressMessage } from './image-store.js';

/** go-units HumanSize: decimal units, 4 significant digits (`1.235MB`, `512B`). */
export function humanSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
  let size = bytes;
  let i = 0;
  while (size >= 1000 && i < units.length - 1) {
    size /= 1000;
    i++;
  }
  return `${Number(size.toPrecision(4))}${units[i]}`;
}

/** jsonmessage.JSONProgress.String() at dockerd's width (200: no terminal, so the default). */
export function progressBar(current: number, total: number): string {
  if (current <= 0 && total <= 0) return '';
  if (total <= 0) return humanSize(current).padStart(8);
  const pct = Math.min(50, Math.floor(Math.floor((current / total) * 100) / 2));
  const bar = `[${'='.repeat(pct)}>${' '.repeat(Math.max(0, 50 - pct))}] `;
  const numbers =
    current > total
      ? humanSize(current).padStart(8)
      : `${humanSize(current).padStart(8)}/${humanSize(total)}`;
  return bar + numbers;
}

export function progressMessage(id: string, action: string, current: number, total: number): ProgressMessage {
  const m: ProgressMessage = { status: action, progressDetail: {} };
  if (current !== 0) (m.progressDetail as { current?: number }).current = current;
  if (total !== 0) (m.progressDetail as { total?: number }).total = total;
  const bar = progressBar(current, total);
  if (bar !== '') m.progress = bar;
  m.id = id;
  return m;
}

/** A status line without progress (`{"status":…,"progressDetail":{},"id":…}`, as progress.Update). */
export function updateMessage(id: string, action: string): ProgressMessage {
  return progressMessage(id, action, 0, 0);
}

/** progress.NewProgressReader as a stream: counts what passes and reports it. */
export class ProgressStream extends Transform {
  private current = 0;
  private lastUpdate = 0;
  private lastSent = 0;

  constructor(
    private readonly report: (m: ProgressMessage) => void,
    private readonly size: number,
    private readonly id: string,
    private readonly action: string,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.current += chunk.length;
    let every = 512 * 1024;
    if (this.size > 0) every = Math.min(every, Math.floor(0.01 * this.size));
    if (this.current - this.lastUpdate > every) {
      this.update(false);
      this.lastUpdate = this.current;
    }
    cb(null, chunk);
  }

  override _flush(cb: TransformCallback): void {
    if (this.current < this.size) this.current = this.size;
    this.update(true);
    cb();
  }

  private update(last: boolean): void {
    const now = Date.now();
    if (last || this.current === this.size || now - this.lastSent >= 100) {
      this.lastSent = now;
      this.report(progressMessage(this.id, this.action, this.current, this.size));
    }
  }
}
