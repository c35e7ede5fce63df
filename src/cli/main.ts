import { runCommandTree, type CommandDef } from './command.js';
import { filterFlag, formatFlag, load } from './command-defs.js';
import { containerGroup, containerShortcuts, inspectCommand } from './container-commands.js';
import { imageGroup, imageShortcuts } from './image-commands.js';
import { volumeCloneCommand, volumeSnapshotGroup } from './volume-copy-commands.js';
import { validateLabel } from './flags.js';
import { strataVersion } from '../types/strata-version.js';

/**
 * The `strata` command tree: docker's `container`, `image`, `volume` and `system` commands and the
 * top-level ones, same flags and texts.
 */
export const strataCommand: CommandDef = {
  name: 'strata',
  use: '[OPTIONS] COMMAND [ARG...]',
  short: 'A container volume engine that speaks Docker',
  long: `Strata version ${strataVersion}`,
  flags: [
    { name: 'config', kind: 'string', typeName: 'string', usage: 'Location of client config files' },
    { name: 'host', short: 'H', kind: 'list', typeName: 'list', usage: 'Daemon socket to connect to' },
    { name: 'version', short: 'v', kind: 'bool', usage: 'Print version information and quit' },
  ],
  subcommands: [
    containerGroup,
    imageGroup,
    {
      name: 'volume',
      use: 'COMMAND',
      short: 'Manage volumes',
      subcommands: [
        volumeCloneCommand,
        {
          name: 'cp',
          use: `[OPTIONS] VOLUME:SRC_PATH DEST_PATH|-
	strata volume cp [OPTIONS] SRC_PATH|- VOLUME:DEST_PATH`,
          short: 'Copy files/folders between a volume and the local filesystem',
          long: `Copy files/folders between a volume and the local filesystem

Use '-' as the source to read a tar archive from stdin
and extract it to a directory destination in a volume.
Use '-' as the destination to stream a tar archive of a
volume source to stdout.`,
          args: { kind: 'exact', n: 2 },
          flags: [
            {
              name: 'archive',
              short: 'a',
              kind: 'bool',
              usage: 'Archive mode (copy all uid/gid information)',
            },
            { name: 'follow-link', short: 'L', kind: 'bool', usage: 'Always follow symbol link in SRC_PATH' },
            {
              name: 'quiet',
              short: 'q',
              kind: 'bool',
              usage:
                'Suppress progress output during copy. Progress output is automatically suppressed if no terminal is attached',
            },
          ],
          action: load(() => import('./commands/volume-cp.js')),
        },
        {
          name: 'create',
          use: '[OPTIONS] [VOLUME]',
          short: 'Create a volume',
          args: { kind: 'max', n: 1 },
          flags: [
            {
              name: 'driver',
              short: 'd',
              kind: 'string',
              typeName: 'string',
              usage: 'Specify volume driver name',
              defaultValue: 'local',
            },
            {
              name: 'label',
              kind: 'list',
              typeName: 'list',
              usage: 'Set metadata for a volume',
              validate: validateLabel,
            },
            { name: 'name', kind: 'string', typeName: 'string', usage: 'Specify volume name', hidden: true },
            {
              name: 'opt',
              short: 'o',
              kind: 'map',
              typeName: 'map',
              usage: 'Set driver specific options',
              defaultValue: 'map[]',
            },
          ],
          action: load(() => import('./commands/volume-create.js')),
        },
        {
          name: 'export',
          use: '[OPTIONS] VOLUME',
          short: 'Export a volume as a tar archive',
          long: "Export a volume as a tar archive (to STDOUT by default). GNU tar extracts it; the volume's labels and options travel in it for strata volume import.",
          args: { kind: 'exact', n: 1 },
          flags: [
            {
              name: 'output',
              short: 'o',
              kind: 'string',
              typeName: 'string',
              usage: 'Write to a file, instead of STDOUT',
            },
          ],
          action: load(() => import('./commands/volume-export.js')),
        },
        {
          name: 'import',
          use: '[OPTIONS] VOLUME [FILE|-]',
          short: 'Import a tar archive into a volume',
          long: 'Import a tar archive (from FILE, or STDIN) into a volume, creating it when missing with the labels and options the archive carries. A volume with content is only replaced with --replace.',
          args: { kind: 'min', n: 1 },
          flags: [
            { name: 'allow-devices', kind: 'bool', usage: 'Allow device nodes in the archive' },
            { name: 'replace', kind: 'bool', usage: 'Replace the content of a volume that has some' },
          ],
          action: load(() => import('./commands/volume-import.js')),
        },
        {
          name: 'inspect',
          use: '[OPTIONS] VOLUME [VOLUME...]',
          short: 'Display detailed information on one or more volumes',
          args: { kind: 'min', n: 1 },
          flags: [
            formatFlag('plain', 'f'),
            {
              name: 'size',
              short: 's',
              kind: 'bool',
              usage: 'Display the size (UsageData; SizeEstimated and SizeMeasuredAt while in use)',
            },
          ],
          action: load(() => import('./commands/volume-inspect.js')),
        },
        {
          name: 'ls',
          aliases: ['list'],
          use: '[OPTIONS]',
          short: 'List volumes',
          args: { kind: 'none' },
          flags: [
            filterFlag('Provide filter values (e.g. "dangling=true")'),
            formatFlag('table'),
            { name: 'quiet', short: 'q', kind: 'bool', usage: 'Only display volume names' },
            {
              name: 'size',
              short: 's',
              kind: 'bool',
              usage: 'Display links and sizes ("~" marks an estimate of a volume in use, with its age)',
            },
          ],
          action: load(() => import('./commands/volume-ls.js')),
        },
        {
          name: 'prune',
          use: '[OPTIONS]',
          short: 'Remove unused local volumes',
          long: "Remove all unused local volumes. Unused local volumes are those which are not referenced by any containers. By default, it only removes anonymous volumes. A removed volume's snapshots are removed with it.",
          args: { kind: 'none' },
          flags: [
            {
              name: 'all',
              short: 'a',
              kind: 'bool',
              usage: 'Remove all unused volumes, not just anonymous ones',
            },
            {
              name: 'dry-run',
              kind: 'bool',
              usage: 'List the volumes that would be removed and their size, remove nothing',
            },
            filterFlag('Provide filter values (e.g. "label=<label>", "until=24h")', false),
            { name: 'force', short: 'f', kind: 'bool', usage: 'Do not prompt for confirmation' },
            { name: 'format', kind: 'string', typeName: 'string', usage: "'json': Print the report in JSON format" },
            { name: 'quiet', short: 'q', kind: 'bool', usage: 'Only display volume names' },
          ],
          action: load(() => import('./commands/volume-prune.js')),
        },
        {
          name: 'rename',
          use: 'VOLUME NEW_NAME',
          short: 'Rename a volume',
          long: 'Rename a volume, keeping its data, labels and options. Only a local volume that no container uses can be renamed.',
          args: { kind: 'exact', n: 2 },
          action: load(() => import('./commands/volume-rename.js')),
        },
        {
          name: 'rm',
          aliases: ['remove'],
          use: '[OPTIONS] VOLUME [VOLUME...]',
          short: 'Remove one or more volumes',
          long: "Remove one or more volumes. You cannot remove a volume that is in use by a container. A volume's snapshots are removed with it.",
          args: { kind: 'min', n: 1 },
          flags: [
            { name: 'force', short: 'f', kind: 'bool', usage: 'Force the removal of one or more volumes' },
          ],
          action: load(() => import('./commands/volume-rm.js')),
        },
        volumeSnapshotGroup,
        {
          name: 'update',
          use: '[OPTIONS] VOLUME',
          short: 'Add, change or remove labels of a volume',
          args: { kind: 'exact', n: 1 },
          flags: [
            {
              name: 'label-add',
              kind: 'list',
              typeName: 'list',
              usage: 'Add or replace a label (key=value)',
              validate: validateLabel,
            },
            { name: 'label-rm', kind: 'list', typeName: 'list', usage: 'Remove a label by its key' },
          ],
          action: load(() => import('./commands/volume-update.js')),
        },
      ],
    },
    {
      name: 'system',
      use: '',
      short: 'Manage Strata',
      subcommands: [
        {
          name: 'df',
          use: '[OPTIONS]',
          short: 'Show strata disk usage',
          args: { kind: 'none' },
          flags: [
            formatFlag('table'),
            { name: 'verbose', short: 'v', kind: 'bool', usage: 'Show detailed information on space usage' },
          ],
          action: load(() => import('./commands/system-df.js')),
        },
        eventsCommand(),
        infoCommand(),
      ],
    },
    ...containerShortcuts,
    ...imageShortcuts,
    inspectCommand,
    eventsCommand(),
    infoCommand(),
    {
      name: 'version',
      use: '[OPTIONS]',
      short: 'Show the Strata version information',
      args: { kind: 'none' },
      flags: [formatFlag('plain', 'f')],
      action: load(() => import('./commands/version.js')),
    },
  ],
};

function eventsCommand(): CommandDef {
  return {
    name: 'events',
    use: '[OPTIONS]',
    short: 'Get real time events from the server',
    args: { kind: 'none' },
    flags: [
      filterFlag('Filter output based on conditions provided'),
      formatFlag('plain'),
      { name: 'since', kind: 'string', typeName: 'string', usage: 'Show all events created since timestamp' },
      { name: 'until', kind: 'string', typeName: 'string', usage: 'Stream events until this timestamp' },
    ],
    action: load(() => import('./commands/events.js')),
  };
}

function infoCommand(): CommandDef {
  return {
    name: 'info',
    use: '[OPTIONS]',
    short: 'Display system-wide information',
    args: { kind: 'none' },
    flags: [formatFlag('plain', 'f')],
    action: load(() => import('./commands/info.js')),
  };
}

/** Entry point of the client CLI; resolves to the exit status. */
export async function main(argv: string[]): Promise<number> {
  return runCommandTree(strataCommand, argv, {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    stdin: process.stdin,
    stdoutIsTTY: process.stdout.isTTY === true,
    stdout: process.stdout,
    stderr: process.stderr,
  });
}
