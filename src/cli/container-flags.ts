import { boolFlag as bool, intFlag, listFlag as list, stringFlag as str } from './command-defs.js';
import { validateLabel, type FlagSpec } from './flags.js';
import { validateEnv } from './env-file.js';
import { parseMountFlag } from './mount-spec.js';
import { parseNetworkFlag } from './network-flag.js';

/** validateAttach: stdin, stdout or stderr in any case, stored lower-cased. */
function validateAttach(value: string): string {
  const s = value.toLowerCase();
  if (['stdin', 'stdout', 'stderr'].includes(s)) return s;
  throw new Error('valid streams are STDIN, STDOUT and STDERR');
}

/**
 * The flags `strata run` and `strata create` share (docker/cli container/opts.go addFlags, the subset
 * Strata's engine acts on), with docker's names, types, texts and per-value validation. Sorted by
 * name as pflag prints them.
 */
export function containerFlags(command: 'run' | 'create'): FlagSpec[] {
  return [
    list('attach', 'Attach to STDIN, STDOUT or STDERR', { short: 'a', validate: validateAttach }),
    list('cap-add', 'Add Linux capabilities'),
    list('cap-drop', 'Drop Linux capabilities'),
    str('domainname', 'Container NIS domain name'),
    str('entrypoint', 'Overwrite the default ENTRYPOINT of the image'),
    list('env', 'Set environment variables', { short: 'e', validate: (v) => validateEnv(v) }),
    list('env-file', 'Read in a file of environment variables'),
    list('group-add', 'Add additional groups to join'),
    bool('help', 'Print usage'),
    str('hostname', 'Container host name', { short: 'h' }),
    bool('init', 'Run an init inside the container that forwards signals and reaps processes'),
    bool('interactive', 'Keep STDIN open even if not attached', { short: 'i' }),
    list('label', 'Set meta data on a container', { short: 'l', validate: validateLabel }),
    list('label-file', 'Read in a line delimited file of labels'),
    list('mount', 'Attach a filesystem mount to the container', {
      typeName: 'mount',
      validate: (v) => (parseMountFlag(v), v),
    }),
    str('name', 'Assign a name to the container'),
    list('net', 'Connect a container to a network', {
      typeName: 'network',
      hidden: true,
      validate: (v) => (parseNetworkFlag(v), v),
    }),
    list('net-alias', 'Add network-scoped alias for the container', { hidden: true }),
    list('network', 'Connect a container to a network', {
      typeName: 'network',
      validate: (v) => (parseNetworkFlag(v), v),
    }),
    list('network-alias', 'Add network-scoped alias for the container'),
    bool('privileged', 'Give extended privileges to this container'),
    str(
      'pull',
      // docker/cli's create spells it `"|missing"`.
      command === 'run'
        ? 'Pull image before running ("always", "missing", "never")'
        : 'Pull image before creating ("always", "|missing", "never")',
      { defaultValue: 'missing' },
    ),
    bool('quiet', 'Suppress the pull output', { short: 'q' }),
    bool('read-only', "Mount the container's root filesystem as read only"),
    str('restart', 'Restart policy to apply when a container exits', { defaultValue: 'no' }),
    bool('rm', 'Automatically remove the container and its associated anonymous volumes when it exits'),
    str('stop-signal', 'Signal to stop the container'),
    intFlag('stop-timeout', 'Timeout (in seconds) to stop a container'),
    list('tmpfs', 'Mount a tmpfs directory'),
    bool('tty', 'Allocate a pseudo-TTY', { short: 't' }),
    str('user', 'Username or UID (format: <name|uid>[:<group|gid>])', { short: 'u' }),
    list('volume', 'Bind mount a volume', { short: 'v' }),
    str('volume-driver', 'Optional volume driver for the container'),
    list('volumes-from', 'Mount volumes from the specified container(s)'),
    str('workdir', 'Working directory inside the container', { short: 'w' }),
  ];
}

/** `strata run`'s own flags on top of the shared ones. */
export function runFlags(): FlagSpec[] {
  const own: FlagSpec[] = [
    bool('detach', 'Run container in background and print container ID', { short: 'd' }),
    str('detach-keys', 'Override the key sequence for detaching a container'),
    bool('sig-proxy', 'Proxy received signals to the process', { defaultValue: 'true' }),
  ];
  return [...containerFlags('run'), ...own].sort((a, b) => (a.name < b.name ? -1 : 1));
}
