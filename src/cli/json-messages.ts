import { humanSize } from '../format/go-units.js';
import { StatusError } from './command.js';
import { formatEventTime } from './event-time.js';

/**
 * moby pkg/jsonmessage DisplayJSONMessagesStream: prints a pull/import/load answer (JSON messages)
 * as the docker CLI does. On a terminal each layer keeps its own line, redrawn in place with cursor
 * moves and a progress bar; elsewhere progress updates are dropped and every other message is a plain
 * line. An `errorDetail` message ends the display with its text as the error.
 */
export interface JSONMessage {
  stream?: string;
  status?: string;
  progressDetail?: { current?: number; total?: number; start?: number; hidecounts?: boolean; units?: string };
  progress?: string;
  id?: string;
  from?: string;
  time?: number;
  timeNano?: number;
  errorDetail?: { code?: number; message?: string };
  error?: string;
  aux?: unknown;
}

/** An error message in the stream (jsonmessage.JSONError): printed as is, exit status 1. */
export class JSONMessageError extends StatusError {
  constructor(message: string) {
    super(message, 1);
  }
}

/** Go's time.Duration String() rounded to seconds, as the time-left box shows it. */
function goSeconds(seconds: number): string {
  if (seconds === 0) return '0s';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h > 0 ? `${h}h` : ''}${h > 0 || m > 0 ? `${m}m` : ''}${s}s`;
}

/** JSONProgress.String for a terminal `width` columns wide. */
export function progressString(
  p: NonNullable<JSONMessage['progressDetail']>,
  width: number,
  now = Date.now(),
): string {
  const current = p.current ?? 0;
  const total = p.total ?? 0;
  if (current <= 0 && total <= 0) return '';
  if (total <= 0) return p.units ? `${current} ${p.units}` : humanSize(current).padStart(8);
  const percentage = Math.min(50, Math.trunc(Math.trunc((current / total) * 100) / 2));
  let bar = '';
  if (width > 110) bar = `[${'='.repeat(percentage)}>${' '.repeat(Math.max(0, 50 - percentage))}] `;
  let numbers = '';
  if (p.hidecounts) numbers = '';
  else if (!p.units) {
    numbers =
      current > total
        ? humanSize(current).padStart(8)
        : `${humanSize(current).padStart(8)}/${humanSize(total)}`;
  } else numbers = current > total ? `${current} ${p.units}` : `${current}/${total} ${p.units}`;
  let left = '';
  if (width > 50 && current > 0 && (p.start ?? 0) > 0 && percentage < 50) {
    const perEntry = (now - (p.start ?? 0) * 1000) / current;
    left = ` ${goSeconds(Math.round(((total - current) * perEntry) / 1000))}`;
  }
  return bar + numbers + left;
}

function display(m: JSONMessage, write: (s: string) => void, terminal: boolean, width: number): void {
  let endl = '';
  if (terminal && !m.stream && m.progressDetail) {
    write('\x1b[2K\r');
    endl = '\r';
  } else if (m.progressDetail && progressString(m.progressDetail, width) !== '') return;
  if (m.timeNano) write(`${formatEventTime(BigInt(m.timeNano))} `);
  else if (m.time) write(`${formatEventTime(BigInt(m.time) * 1_000_000_000n)} `);
  if (m.id) write(`${m.id}: `);
  if (m.from) write(`(from ${m.from}) `);
  const status = m.status ?? '';
  if (m.progressDetail && terminal) write(`${status} ${progressString(m.progressDetail, width)}${endl}`);
  else if (m.progress) write(`${status} ${m.progress}${endl}`);
  else if (m.stream) write(`${m.stream}${endl}`);
  else write(`${status}${endl}\n`);
}

/** Reads the whole stream, printing as it goes; `onAux` gets `aux` messages (not printed). */
export async function displayJSONMessages(
  input: AsyncIterable<Buffer | string>,
  write: (s: string) => void,
  opts: { terminal: boolean; width?: number; onAux?: (m: JSONMessage) => void },
): Promise<void> {
  const width = opts.width ?? 200;
  const lines = new Map<string, number>();
  let pending = '';
  const handle = (text: string): void => {
    if (text.trim() === '') return;
    const m = JSON.parse(text) as JSONMessage;
    if (m.aux !== undefined) {
      opts.onAux?.(m);
      return;
    }
    let diff = 0;
    if (m.id && (m.progressDetail || m.progress)) {
      let line = lines.get(m.id);
      if (line === undefined) {
        line = lines.size;
        lines.set(m.id, line);
        if (opts.terminal) write('\n');
      }
      diff = lines.size - line;
      if (opts.terminal && diff > 0) write(`\x1b[${diff}A`);
    } else lines.clear();
    if (!m.errorDetail) display(m, write, opts.terminal, width);
    if (m.id && opts.terminal && diff > 0) write(`\x1b[${diff}B`);
    if (m.errorDetail) throw new JSONMessageError(m.errorDetail.message ?? '');
  };
  for await (const chunk of input) {
    pending += chunk.toString();
    let nl;
    while ((nl = pending.indexOf('\n')) >= 0) {
      handle(pending.slice(0, nl));
      pending = pending.slice(nl + 1);
    }
  }
  handle(pending);
}
