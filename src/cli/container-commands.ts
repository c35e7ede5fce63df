import type { CommandDef } from './command.js';
import { filterFlag, formatFlag, load } from './command-defs.js';
import { containerFlags, runFlags } from './container-flags.js';
import { validateEnv } from './env-file.js';
import type { FlagSpec } from './flags.js';

/**
 * The container commands (docker/cli cli/command/container): each exists at the top level
 * (`strata run`) and under `strata container`, with docker's uses, texts, flags and argument rules.
 */
const int = (name: string, usage: string, extra: Partial<FlagSpec> = {}): FlagSpec => ({
  name,
  kind: 'int',
  typeName: 'int',
  usage,
  ...extra,
});
const signalFlag: FlagSpec = {
  name: 'signal',
  short: 's',
  kind: 'string',
  typeName: 'string',
  usage: 'Signal to send to the container',
};
const detachKeysFlag: FlagSpec = {
  name: 'detach-keys',
  kind: 'string',
  typeName: 'string',
  usage: 'Override the key sequence for detaching a container',
};
const stopFlags: FlagSpec[] = [
  signalFlag,
  int('time', 'Seconds to wait before killing the container (deprecated: use --timeout)', { hidden: true }),
  int('timeout', 'Seconds to wait before killing the container', { short: 't' }),
];

const run: CommandDef = {
  name: 'run',
  use: '[OPTIONS] IMAGE [COMMAND] [ARG...]',
  short: 'Create and run a new container from an image',
  args: { kind: 'min', n: 1 },
  interspersed: false,
  flags: runFlags(),
  action: load(() => import('./commands/container-run.js')),
};

const create: CommandDef = {
  name: 'create',
  use: '[OPTIONS] IMAGE [COMMAND] [ARG...]',
  short: 'Create a new container',
  args: { kind: 'min', n: 1 },
  interspersed: false,
  flags: containerFlags('create'),
  action: load(() => import('./commands/container-create.js')),
};

const start: CommandDef = {
  name: 'start',
  use: '[OPTIONS] CONTAINER [CONTAINER...]',
  short: 'Start one or more stopped containers',
  args: { kind: 'min', n: 1 },
  flags: [
    { name: 'attach', short: 'a', kind: 'bool', usage: 'Attach STDOUT/STDERR and forward signals' },
    detachKeysFlag,
    { name: 'interactive', short: 'i', kind: 'bool', usage: "Attach container's STDIN" },
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
    { name: 'no-stdin', kind: 'bool', usage: 'Do not attach STDIN' },
    { name: 'sig-proxy', kind: 'bool', usage: 'Proxy all received signals to the process', defaultValue: 'true' },
  ],
  action: load(() => import('./commands/container-attach.js')),
};

const stop: CommandDef = {
  name: 'stop',
  use: '[OPTIONS] CONTAINER [CONTAINER...]',
  short: 'Stop one or more running containers',
  args: { kind: 'min', n: 1 },
  flags: stopFlags,
  action: load(() => import('./commands/container-stop.js')),
};

const restart: CommandDef = {
  name: 'restart',
  use: '[OPTIONS] CONTAINER [CONTAINER...]',
  short: 'Restart one or more containers',
  args: { kind: 'min', n: 1 },
  flags: stopFlags,
  action: load(() => import('./commands/container-stop.js')),
};

const kill: CommandDef = {
  name: 'kill',
  use: '[OPTIONS] CONTAINER [CONTAINER...]',
  short: 'Kill one or more running containers',
  args: { kind: 'min', n: 1 },
  flags: [signalFlag],
  action: load(() => import('./commands/container-kill.js')),
};

const rm: CommandDef = {
  name: 'rm',
  aliases: ['remove'],
  use: '[OPTIONS] CONTAINER [CONTAINER...]',
  short: 'Remove one or more containers',
  args: { kind: 'min', n: 1 },
  flags: [
    { name: 'force', short: 'f', kind: 'bool', usage: 'Force the removal of a running container (uses SIGKILL)' },
    { name: 'link', short: 'l', kind: 'bool', usage: 'Remove the specified link' },
    { name: 'volumes', short: 'v', kind: 'bool', usage: 'Remove anonymous volumes associated with the container' },
  ],
  action: load(() => import('./commands/container-rm.js')),
};

const psFlags: FlagSpec[] = [
  { name: 'all', short: 'a', kind: 'bool', usage: 'Show all containers (default shows just running)' },
  filterFlag('Filter output based on conditions provided'),
  formatFlag('table'),
  int('last', 'Show n last created containers (includes all states)', { short: 'n', defaultValue: '-1' }),
  { name: 'latest', short: 'l', kind: 'bool', usage: 'Show the latest created container (includes all states)' },
  { name: 'no-trunc', kind: 'bool', usage: "Don't truncate output" },
  { name: 'quiet', short: 'q', kind: 'bool', usage: 'Only display container IDs' },
  { name: 'size', short: 's', kind: 'bool', usage: 'Display total file sizes' },
];

const ps = (name: 'ps' | 'ls'): CommandDef => ({
  name,
  ...(name === 'ls' ? { aliases: ['ps', 'list'] } : {}),
  use: '[OPTIONS]',
  short: 'List containers',
  args: { kind: 'none' },
  flags: psFlags,
  action: load(() => import('./commands/container-ls.js')),
});

const logs: CommandDef = {
  name: 'logs',
  use: '[OPTIONS] CONTAINER',
  short: 'Fetch the logs of a container',
  args: { kind: 'exact', n: 1 },
  flags: [
    { name: 'details', kind: 'bool', usage: 'Show extra details provided to logs' },
    { name: 'follow', short: 'f', kind: 'bool', usage: 'Follow log output' },
    {
      name: 'since',
      kind: 'string',
      typeName: 'string',
      usage: 'Show logs since timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)',
    },
    {
      name: 'tail',
      short: 'n',
      kind: 'string',
      typeName: 'string',
      usage: 'Number of lines to show from the end of the logs',
      defaultValue: 'all',
    },
    { name: 'timestamps', short: 't', kind: 'bool', usage: 'Show timestamps' },
    {
      name: 'until',
      kind: 'string',
      typeName: 'string',
      usage: 'Show logs before a timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)',
    },
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
    { name: 'detach', short: 'd', kind: 'bool', usage: 'Detached mode: run command in the background' },
    detachKeysFlag,
    {
      name: 'env',
      short: 'e',
      kind: 'list',
      typeName: 'list',
      usage: 'Set environment variables',
      validate: (v) => validateEnv(v),
    },
    { name: 'env-file', kind: 'list', typeName: 'list', usage: 'Read in a file of environment variables' },
    { name: 'interactive', short: 'i', kind: 'bool', usage: 'Keep STDIN open even if not attached' },
    { name: 'privileged', kind: 'bool', usage: 'Give extended privileges to the command' },
    { name: 'tty', short: 't', kind: 'bool', usage: 'Allocate a pseudo-TTY' },
    {
      name: 'user',
      short: 'u',
      kind: 'string',
      typeName: 'string',
      usage: 'Username or UID (format: "<name|uid>[:<group|gid>]")',
    },
    { name: 'workdir', short: 'w', kind: 'string', typeName: 'string', usage: 'Working directory inside the container' },
  ],
  action: load(() => import('./commands/container-exec.js')),
};

const wait: CommandDef = {
  name: 'wait',
  use: 'CONTAINER [CONTAINER...]',
  short: 'Block until one or more containers stop, then print their exit codes',
  args: { kind: 'min', n: 1 },
  action: load(() => import('./commands/container-wait.js')),
};

const rename: CommandDef = {
  name: 'rename',
  use: 'CONTAINER NEW_NAME',
  short: 'Rename a container',
  args: { kind: 'exact', n: 2 },
  action: load(() => import('./commands/container-rename.js')),
};

const sizeFlag = (usage: string): FlagSpec => ({ name: 'size', short: 's', kind: 'bool', usage });

const containerInspect: CommandDef = {
  name: 'inspect',
  use: '[OPTIONS] CONTAINER [CONTAINER...]',
  short: 'Display detailed information on one or more containers',
  args: { kind: 'min', n: 1 },
  flags: [formatFlag('plain', 'f'), sizeFlag('Display total file sizes')],
  action: load(() => import('./commands/container-inspect.js')),
};

/** `strata inspect`: any object type (docker/cli system/inspect.go). */
export const inspectCommand: CommandDef = {
  name: 'inspect',
  use: '[OPTIONS] NAME|ID [NAME|ID...]',
  short: 'Return low-level information on Docker objects',
  args: { kind: 'min', n: 1 },
  flags: [
    formatFlag('plain', 'f'),
    sizeFlag('Display total file sizes if the type is container'),
    { name: 'type', kind: 'string', typeName: 'string', usage: 'Only inspect objects of the given type' },
  ],
  action: load(() => import('./commands/inspect.js')),
};

/** The top-level container commands. */
export const containerShortcuts: CommandDef[] = [
  attach,
  create,
  exec,
  kill,
  logs,
  ps('ps'),
  rename,
  restart,
  rm,
  run,
  start,
  stop,
  wait,
];

/** `strata container …` (docker container). */
export const containerGroup: CommandDef = {
  name: 'container',
  use: 'COMMAND',
  short: 'Manage containers',
  subcommands: [attach, create, exec, containerInspect, kill, logs, ps('ls'), rename, restart, rm, run, start, stop, wait],
};
