import type { CommandContext } from './command.js';

/**
 * A one-line progress indicator for a request that may take a while (a full copy): on a terminal
 * only, after half a second, `<label> 3s` rewritten in place on stderr, erased when done.
 */
export async function withElapsed<T>(ctx: CommandContext, label: string, work: Promise<T>): Promise<T> {
  if (!ctx.stderr.isTTY) return work;
  const started = Date.now();
  let shown = false;
  const draw = (): void => {
    shown = true;
    ctx.stderr.write(`\r\x1b[2K${label} ${Math.floor((Date.now() - started) / 1000)}s`);
  };
  const first = setTimeout(() => {
    draw();
    timer = setInterval(draw, 1000);
  }, 500);
  let timer: NodeJS.Timeout | undefined;
  try {
    return await work;
  } finally {
    clearTimeout(first);
    if (timer) clearInterval(timer);
    if (shown) ctx.stderr.write('\r\x1b[2K');
  }
}
