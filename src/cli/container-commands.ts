import type { CommandDef } from './command.js';
import {
  boolFlag as bool,
  filterFlag,
  formatFlag,
  intFlag as int,
  listFlag as list,
  load,
  stringFlag as str,
} from './command-defs.js';
import { containerFlags, runFlags } from './container-flags.js';
import { validateEnv } from './env-file.js';

/**
 * The container commands (docker/cli cli/command/container): each exists at the top level
 * (`strata run`) and under `strata container`, with docker's uses, texts, flags and argument rules.
 */
const signalFlag = str('signal', 'Signal to send to the container', { short: 's' });
const detachKeysFlag = str('detach-keys', 'Override the key sequence for detaching a container');
const oneOrMore = { kind: 'min', n: 1 } as const;

const run: CommandDef = {
  name: 'run',
  use: '[OPTIONS] IMAGE [COMMAND] [ARG...]',
  short: 'Create and run a new container from an image',
  args: oneOrMore,
  interspersed: false,
  flags: runFlags(),
  action: load(() => import('./commands/container-run.js')),
};

const create: CommandDef = {
  name: 'create',
  use: '[OPTIONS] IMAGE [COMMAND] [ARG...]',
  short: 'Create a new container',
  args: oneOrMore,
  interspersed: false,
  flags: containerFlags('create'),
  action: load(() => import('./commands/container-create.js')),
};

const start: CommandDef = {
  name: 'start',
  use: '[OPTIONS] CONTAINER [CONTAINER...]',
  short: 'Start one or more stopped containers',
  args: oneOrMore,
  flags: [
    bool('attach', 'Attach STDOUT/STDERR and forward signals', { short: 'a' }),
    detachKeysFlag,
    bool('interactive', "Attach container's STDIN", { short: 'i' }),
  ],
  action: load(() => import('./commands/container-start.js')),
};

const attach: CommandDef = {
  name: 'attach',
  use: '[OPTIONS] CONTAINER',
  short: 'Attach local standard input, output, and error streams to a running container',
  args: { kind: 'exact', n: 1 },
  flags: [
    detachKeysFlag,
    bool('no-stdin', 'Do not attach STDIN'),
    bool('sig-proxy', 'Proxy all received signals to the process', { defaultValue: 'true' }),
  ],
  action: load(() => import('./commands/container-attach.js')),
};

/** `stop` and `restart`: the same flags and implementation. */
const stopOrRestart = (name: 'stop' | 'restart', short: string): CommandDef => ({
  name,
  use: '[OPTIONS] CONTAINER [CONTAINER...]',
  short,
  args: oneOrMore,
  flags: [
    signalFlag,
    int('time', 'Seconds to wait before killing the container (deprecated: use --timeout)', { hidden: true }),
    int('timeout', 'Seconds to wait before killing the container', { short: 't' }),
  ],
  action: load(() => import('./commands/container-stop.js')),
});
const stop = stopOrRestart('stop', 'Stop one or more running containers');
const restart = stopOrRestart('restart', 'Restart one or more containers');

const kill: CommandDef = {
  name: 'kill',
  use: '[OPTIONS] CONTAINER [CONTAINER...]',
  short: 'Kill one or more running containers',
  args: oneOrMore,
  flags: [signalFlag],
  action: load(() => import('./commands/container-kill.js')),
};

const pause: CommandDef = {
  name: 'pause',
  use: 'CONTAINER [CONTAINER...]',
  short: 'Pause all processes within one or more containers',
  args: oneOrMore,
  action: load(() => import('./commands/container-pause.js')),
};

const unpause: CommandDef = {
  name: 'unpause',
  use: 'CONTAINER [CONTAINER...]',
  short: 'Unpause all processes within one or more containers',
  args: oneOrMore,
  action: load(() => import('./commands/container-unpause.js')),
};

const rm: CommandDef = {
  name: 'rm',
  aliases: ['remove'],
  use: '[OPTIONS] CONTAINER [CONTAINER...]',
  short: 'Remove one or more containers',
  args: oneOrMore,
  flags: [
    bool('force', 'Force the removal of a running container (uses SIGKILL)', { short: 'f' }),
    bool('link', 'Remove the specified link', { short: 'l' }),
    bool('volumes', 'Remove anonymous volumes associated with the container', { short: 'v' }),
  ],
  action: load(() => import('./commands/container-rm.js')),
};

const ps = (name: 'ps' | 'ls'): CommandDef => ({
  name,
  ...(name === 'ls' ? { aliases: ['ps', 'list'] } : {}),
  use: '[OPTIONS]',
  short: 'List containers',
  args: { kind: 'none' },
  flags: [
    bool('all', 'Show all containers (default shows just running)', { short: 'a' }),
    filterFlag('Filter output based on conditions provided'),
    formatFlag('table'),
    int('last', 'Show n last created containers (includes all states)', { short: 'n', defaultValue: '-1' }),
    bool('latest', 'Show the latest created container (includes all states)', { short: 'l' }),
    bool('no-trunc', "Don't truncate output"),
    bool('quiet', 'Only display container IDs', { short: 'q' }),
    bool('size', 'Display total file sizes', { short: 's' }),
  ],
  action: load(() => import('./commands/container-ls.js')),
});

const logs: CommandDef = {
  name: 'logs',
  use: '[OPTIONS] CONTAINER',
  short: 'Fetch the logs of a container',
  args: { kind: 'exact', n: 1 },
  flags: [
    bool('details', 'Show extra details provided to logs'),
    bool('follow', 'Follow log output', { short: 'f' }),
    str(
      'since',
      'Show logs since timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)',
    ),
    str('tail', 'Number of lines to show from the end of the logs', { short: 'n', defaultValue: 'all' }),
    bool('timestamps', 'Show timestamps', { short: 't' }),
    str(
      'until',
      'Show logs before a timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)',
    ),
  ],
  action: load(() => import('./commands/container-logs.js')),
};

const exec: CommandDef = {
  name: 'exec',
  use: '[OPTIONS] CONTAINER COMMAND [ARG...]',
  short: 'Execute a command in a running container',
  args: { kind: 'min', n: 2 },
  interspersed: false,
  flags: [
    bool('detach', 'Detached mode: run command in the background', { short: 'd' }),
    detachKeysFlag,
    list('env', 'Set environment variables', { short: 'e', validate: (v) => validateEnv(v) }),
    list('env-file', 'Read in a file of environment variables'),
    bool('interactive', 'Keep STDIN open even if not attached', { short: 'i' }),
    bool('privileged', 'Give extended privileges to the command'),
    bool('tty', 'Allocate a pseudo-TTY', { short: 't' }),
    str('user', 'Username or UID (format: "<name|uid>[:<group|gid>]")', { short: 'u' }),
    str('workdir', 'Working directory inside the container', { short: 'w' }),
  ],
  action: load(() => import('./commands/container-exec.js')),
};

const wait: CommandDef = {
  name: 'wait',
  use: 'CONTAINER [CONTAINER...]',
  short: 'Block until one or more containers stop, then print their exit codes',
  args: oneOrMore,
  action: load(() => import('./commands/container-wait.js')),
};

const rename: CommandDef = {
  name: 'rename',
  use: 'CONTAINER NEW_NAME',
  short: 'Rename a container',
  args: { kind: 'exact', n: 2 },
  action: load(() => import('./commands/container-rename.js')),
};

const containerInspect: CommandDef = {
  name: 'inspect',
  use: '[OPTIONS] CONTAINER [CONTAINER...]',
  short: 'Display detailed information on one or more containers',
  args: oneOrMore,
  flags: [formatFlag('plain', 'f'), bool('size', 'Display total file sizes', { short: 's' })],
  action: load(() => import('./commands/container-inspect.js')),
};

/** `strata inspect`: any object type (docker/cli system/inspect.go). */
export const inspectCommand: CommandDef = {
  name: 'inspect',
  use: '[OPTIONS] NAME|ID [NAME|ID...]',
  short: 'Return low-level information on Docker objects',
  args: oneOrMore,
  flags: [
    formatFlag('plain', 'f'),
    bool('size', 'Display total file sizes if the type is container', { short: 's' }),
    str('type', 'Only inspect objects of the given type'),
  ],
  action: load(() => import('./commands/inspect.js')),
};

/** The container commands in help order, with the list command (`ps`/`ls`) and `inspect` if any. */
const commands = (list: CommandDef, inspect: CommandDef[] = []): CommandDef[] => [
  attach,
  create,
  exec,
  ...inspect,
  kill,
  logs,
  list,
  pause,
  rename,
  restart,
  rm,
  run,
  start,
  stop,
  unpause,
  wait,
];

/** The top-level container commands (`strata inspect` is the any-type one, in main.ts). */
export const containerShortcuts: CommandDef[] = commands(ps('ps'));

/** `strata container …` (docker container). */
export const containerGroup: CommandDef = {
  name: 'container',
  use: '',
  short: 'Manage containers',
  subcommands: commands(ps('ls'), [containerInspect]),
};
