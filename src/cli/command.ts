import { ConnectionError, EngineClient, isApiError } from '../client/engine-client.js';
import { resolveHost } from '../client/hosts.js';
import { FlagError, parseFlags, type FlagSpec, type ParsedFlags } from './flags.js';
import { renderHelp } from './help.js';

/** How many positional arguments a command takes (docker/cli cli/required.go). */
export type ArgsRule =
  | { kind: 'none' }
  | { kind: 'min'; n: number }
  | { kind: 'max'; n: number }
  | { kind: 'exact'; n: number }
  | { kind: 'any' };

export interface CommandDef {
  name: string;
  aliases?: string[];
  /**
   * What follows the name in the usage line, e.g. `[OPTIONS] VOLUME [VOLUME...]`; for a group as
   * docker spells it (`volume COMMAND`, but plain `container`, `image`, `system`).
   */
  use: string;
  short: string;
  long?: string;
  flags?: FlagSpec[];
  args?: ArgsRule;
  /** false: flags end at the first argument (pflag SetInterspersed(false); `run IMAGE CMD -x`). */
  interspersed?: boolean;
  /** The implementation, loaded only when this command runs (keeps `strata` quick to start). */
  action?: () => Promise<Action>;
  subcommands?: CommandDef[];
}

export type Action = (ctx: CommandContext) => Promise<number | void>;

export interface CommandContext {
  /** The command as invoked, e.g. ['strata', 'container', 'restart']. */
  commandPath: string[];
  flags: ParsedFlags;
  args: string[];
  /** `--config` directory (docker's config.json lives there). */
  configDir: string | undefined;
  client(): EngineClient;
  out(text: string): void;
  err(text: string): void;
  stdin: NodeJS.ReadStream;
  stdoutIsTTY: boolean;
  /** The raw output streams, for container output and terminal control. */
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

/** What runCommandTree needs from the process. */
export interface CommandIO {
  out(text: string): void;
  err(text: string): void;
  stdin: NodeJS.ReadStream;
  stdoutIsTTY: boolean;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

/** An error printed as-is with an exit status (docker/cli StatusError). */
export class StatusError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

interface Resolved {
  def: CommandDef;
  path: string[];
  useLine: string;
}

const useLineOf = (path: string[], def: CommandDef): string => `${path.join(' ')} ${def.use}`.trimEnd();

function argsError(r: Resolved, rule: ArgsRule, n: number, bin: string, first?: string): string | undefined {
  const p = r.path.join(' ');
  const plural = (k: number): string => (k === 1 ? 'argument' : 'arguments');
  switch (rule.kind) {
    case 'none':
      if (n === 0) return undefined;
      if (r.def.subcommands?.length) {
        return `${bin}: unknown command: ${p} ${first}\n\nUsage:  ${r.useLine}\n\nRun '${p} --help' for more information`;
      }
      return `${bin}: '${p}' accepts no arguments\n\nUsage:  ${r.useLine}\n\nRun '${p} --help' for more information`;
    case 'min':
      if (n >= rule.n) return undefined;
      return `${bin}: '${p}' requires at least ${rule.n} ${plural(rule.n)}\n\nUsage:  ${r.useLine}\n\nSee '${p} --help' for more information`;
    case 'max':
      if (n <= rule.n) return undefined;
      // "SRun" is docker/cli v28's own text (cli/required.go RequiresMaxArgs), kept byte for byte.
      return `${bin}: '${p}' requires at most ${rule.n} ${plural(rule.n)}\n\nUsage:  ${r.useLine}\n\nSRun '${p} --help' for more information`;
    case 'exact':
      if (n === rule.n) return undefined;
      return `${bin}: '${p}' requires ${rule.n} ${plural(rule.n)}\n\nUsage:  ${r.useLine}\n\nRun '${p} --help' for more information`;
    default:
      return undefined;
  }
}

/**
 * Runs a command tree as docker's cobra setup does: global flags before the command, then the
 * command path, then the command's own flags and arguments. Returns the exit status: 0, 1 (errors,
 * daemon errors), 125 (flag errors), or what a StatusError carries.
 */
export async function runCommandTree(root: CommandDef, argv: string[], io: CommandIO): Promise<number> {
  const bin = root.name;
  const rootFlags = root.flags ?? [];
  let globals;
  let rest: string[];
  try {
    const parsed = parseFlags(rootFlags, argv, { interspersed: false });
    globals = parsed.flags;
    rest = parsed.positionals;
    if (parsed.help || rest.length === 0) {
      if (globals.bool('version') && rest.length === 0) {
        io.out(`${root.long ?? ''}\n`);
        return 0;
      }
      io.out(help({ def: root, path: [bin], useLine: useLineOf([bin], root) }, true));
      return 0;
    }
  } catch (err) {
    if (err instanceof FlagError) {
      io.err(
        `${err.message}\n\nUsage:  ${bin} [OPTIONS] COMMAND [ARG...]\n\nRun '${bin} --help' for more information\n`,
      );
      return 125;
    }
    throw err;
  }

  // Walk down the tree while the next word names a subcommand.
  let cur: Resolved = { def: root, path: [bin], useLine: '' };
  let i = 0;
  while (i < rest.length) {
    const word = rest[i] as string;
    const sub = cur.def.subcommands?.find((c) => c.name === word || c.aliases?.includes(word));
    if (!sub) break;
    const path = [...cur.path, sub.name];
    cur = { def: sub, path, useLine: useLineOf(path, sub) };
    i++;
  }
  if (cur.def === root) {
    io.err(`${bin}: unknown command: ${bin} ${rest[0]}\n\nRun '${bin} --help' for more information\n`);
    return 1;
  }
  const isGroup = (cur.def.subcommands?.length ?? 0) > 0;

  let parsed;
  try {
    parsed = parseFlags(cur.def.flags ?? [], rest.slice(i), { interspersed: cur.def.interspersed !== false });
  } catch (err) {
    if (err instanceof FlagError) {
      io.err(
        `${err.message}\n\nUsage:  ${cur.useLine}\n\nRun '${cur.path.join(' ')} --help' for more information\n`,
      );
      return 125;
    }
    throw err;
  }
  if (parsed.help) {
    io.out(help(cur, false));
    return 0;
  }
  const rule: ArgsRule = cur.def.args ?? (isGroup ? { kind: 'none' } : { kind: 'any' });
  const argErr = argsError(cur, rule, parsed.positionals.length, bin, parsed.positionals[0]);
  if (argErr) {
    io.err(`${argErr}\n`);
    return 1;
  }
  if (!cur.def.action) {
    // A command group run on its own prints its help (docker: ShowHelp to stderr).
    io.err(help(cur, false));
    return 0;
  }

  let client: EngineClient | undefined;
  const ctx: CommandContext = {
    commandPath: cur.path,
    flags: parsed.flags,
    args: parsed.positionals,
    configDir: globals.string('config') || undefined,
    client: () =>
      (client ??= new EngineClient({
        host: resolveHost(globals.list('host').at(-1)),
        ...(process.env.DOCKER_API_VERSION ? { apiVersion: process.env.DOCKER_API_VERSION } : {}),
      })),
    out: io.out,
    err: io.err,
    stdin: io.stdin,
    stdoutIsTTY: io.stdoutIsTTY,
    stdout: io.stdout,
    stderr: io.stderr,
  };
  try {
    const action = await cur.def.action();
    return (await action(ctx)) ?? 0;
  } catch (err) {
    if (err instanceof StatusError) {
      if (err.message !== '') io.err(`${err.message}\n`);
      return err.status;
    }
    if (isApiError(err) || err instanceof ConnectionError) {
      io.err(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

function help(r: Resolved, isRoot: boolean): string {
  const subs = (r.def.subcommands ?? []).map((s) => ({ name: s.name, short: s.short }));
  return renderHelp({
    path: r.path.join(' '),
    useLine: r.useLine,
    short: r.def.short,
    ...(r.def.long !== undefined && !isRoot ? { long: r.def.long } : {}),
    aliases: (r.def.aliases ?? []).length
      ? [r.path.join(' '), ...(r.def.aliases ?? []).map((a) => [...r.path.slice(0, -1), a].join(' '))]
      : [],
    flags: r.def.flags ?? [],
    subcommands: subs,
    isRoot,
  });
}
