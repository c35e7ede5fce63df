import type { Readable } from 'node:stream';

/** What a fake process sees: its argv and env, stdin (when open), output, and signals. */
export interface FakeProcessContext {
  args: string[];
  env: string[];
  stdin: Readable | undefined;
  stdout(data: string | Buffer): void;
  stderr(data: string | Buffer): void;
  /**
   * Handles a signal. A container's process is its PID namespace's init: signals it does not
   * handle are ignored, except SIGKILL, which ends it with 137.
   */
  trap(signal: number, handler: () => void): void;
}

/** A program: resolves with its exit code. */
export type FakeProgram = (ctx: FakeProcessContext) => Promise<number>;

async function readAll(stdin: Readable | undefined, onData: (d: Buffer) => void): Promise<void> {
  if (!stdin) return;
  for await (const chunk of stdin) onData(chunk as Buffer);
}

function sleepFor(seconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, seconds * 1000).unref());
}

const trapSignals: Record<string, number> = { HUP: 1, INT: 2, QUIT: 3, USR1: 10, USR2: 12, TERM: 15 };

/**
 * `sh -c` with `;`-joined commands among: `exit N`, `echo WORDS`, `echo WORDS >&2`, `sleep N`,
 * `trap "exit N" SIG…`, `while true; do sleep N; done` (a loop until a trap exits).
 */
async function shell(script: string, ctx: FakeProcessContext): Promise<number> {
  let trapped: (code: number) => void = () => {};
  const trapExit = new Promise<number>((resolve) => (trapped = resolve));
  const body = async (): Promise<number> => {
    for (const raw of script.replace(/while true; do sleep [\d.]+; done/, 'forever').split(';')) {
      const cmd = raw.trim();
      let m: RegExpMatchArray | null;
      if ((m = cmd.match(/^exit (\d+)$/))) return Number(m[1]);
      if ((m = cmd.match(/^trap ["']exit (\d+)["'] ([A-Z ]+)$/))) {
        const code = Number(m[1]);
        for (const name of (m[2] as string).split(' ')) {
          const sig = trapSignals[name];
          if (sig) ctx.trap(sig, () => trapped(code));
        }
      } else if (cmd === 'forever') {
        await new Promise(() => {});
      } else if ((m = cmd.match(/^echo (.*?)( >&2)?$/))) {
        if (m[2]) ctx.stderr(`${m[1]}\n`);
        else ctx.stdout(`${m[1]}\n`);
      } else if ((m = cmd.match(/^sleep ([\d.]+)$/))) {
        await sleepFor(Number(m[1]));
      }
    }
    return 0;
  };
  return Promise.race([body(), trapExit]);
}

/**
 * The programs a FakeRuntime knows by default (argv[0] or its basename): enough of busybox for the
 * contract suite and engine tests. Anything else is "executable file not found".
 */
export const defaultFakePrograms: Record<string, FakeProgram> = {
  true: async () => 0,
  false: async () => 1,
  echo: async (ctx) => {
    ctx.stdout(`${ctx.args.slice(1).join(' ')}\n`);
    return 0;
  },
  cat: async (ctx) => {
    await readAll(ctx.stdin, (d) => ctx.stdout(d));
    return 0;
  },
  sleep: async (ctx) => {
    await sleepFor(Number(ctx.args[1] ?? '0'));
    return 0;
  },
  env: async (ctx) => {
    ctx.stdout(ctx.env.map((e) => `${e}\n`).join(''));
    return 0;
  },
  sh: async (ctx) => (ctx.args[1] === '-c' ? shell(ctx.args[2] ?? '', ctx) : 0),
};
