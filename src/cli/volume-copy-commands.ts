import type { CommandDef } from './command.js';
import { boolFlag, formatFlag, load } from './command-defs.js';
import { validateLabel } from './flags.js';

const pauseFlag = boolFlag(
  'pause',
  'Pause the running containers that use the volume while it is copied, resume them after',
);

/** `strata volume clone` (Strata's own, moby#31854). */
export const volumeCloneCommand: CommandDef = {
  name: 'clone',
  use: '[OPTIONS] SOURCE TARGET',
  short: 'Copy a volume to a new volume',
  long: `Copy a volume to a new volume, with its data, options and labels (--label adds or replaces).
Copy-on-write where the storage allows (btrfs), a full copy elsewhere. Every file, directory,
link, owner, mode, time and extended attribute is kept; sparse files stay sparse. A volume that
running containers use is refused unless --pause. Only local volumes can be cloned.`,
  args: { kind: 'exact', n: 2 },
  flags: [
    {
      name: 'label',
      kind: 'list',
      typeName: 'list',
      usage: 'Set metadata on the clone',
      validate: validateLabel,
    },
    pauseFlag,
  ],
  action: load(() => import('./commands/volume-clone.js')),
};

/** `strata volume snapshot …` (Strata's own, moby#7127, moby#33782). */
export const volumeSnapshotGroup: CommandDef = {
  name: 'snapshot',
  use: 'COMMAND',
  short: 'Manage snapshots of volumes',
  long: `Manage snapshots of volumes: point-in-time copies kept beside the volume, instant where the
storage allows (btrfs), a full copy elsewhere. Removing or pruning a volume removes its snapshots;
renaming it keeps them.`,
  subcommands: [
    {
      name: 'create',
      use: '[OPTIONS] VOLUME [SNAPSHOT]',
      short: 'Take a snapshot of a volume',
      long: `Take a snapshot of a volume, named SNAPSHOT or after the current UTC time
(e.g. 20261206T164000Z). A volume that running containers use is refused unless --pause.`,
      args: { kind: 'min', n: 1 },
      flags: [pauseFlag],
      action: load(() => import('./commands/volume-snapshot-create.js')),
    },
    {
      name: 'ls',
      aliases: ['list'],
      use: '[OPTIONS] [VOLUME]',
      short: "List a volume's snapshots, or every volume's",
      args: { kind: 'max', n: 1 },
      flags: [
        formatFlag('table'),
        boolFlag('quiet', 'Only display snapshot names (VOLUME/SNAPSHOT without a VOLUME)', { short: 'q' }),
      ],
      action: load(() => import('./commands/volume-snapshot-ls.js')),
    },
    {
      name: 'restore',
      use: 'VOLUME SNAPSHOT',
      short: "Replace a volume's data with a snapshot's",
      long: `Replace a volume's data with a snapshot's, in one step: an interruption leaves either the
old data or the snapshot's. The snapshot is kept. Refused while any container uses the volume.`,
      args: { kind: 'exact', n: 2 },
      action: load(() => import('./commands/volume-snapshot-restore.js')),
    },
    {
      name: 'rm',
      aliases: ['remove'],
      use: 'VOLUME SNAPSHOT [SNAPSHOT...]',
      short: 'Remove one or more snapshots of a volume',
      args: { kind: 'min', n: 2 },
      action: load(() => import('./commands/volume-snapshot-rm.js')),
    },
  ],
};
