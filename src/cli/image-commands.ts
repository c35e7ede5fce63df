import type { CommandDef } from './command.js';
import {
  boolFlag as bool,
  filterFlag,
  formatFlag,
  listFlag as list,
  load,
  stringFlag as str,
} from './command-defs.js';

/**
 * The image commands (docker/cli cli/command/image): each at the top level (`strata images`,
 * `strata pull`) and under `strata image`, with docker's uses, texts, flags and argument rules.
 */
const platformFlag = str('platform', 'Set platform if server is multi-platform capable');
const quietFlag = (usage: string) => bool('quiet', usage, { short: 'q' });

const images = (name: 'images' | 'ls'): CommandDef => ({
  name,
  ...(name === 'ls' ? { aliases: ['list'] } : {}),
  use: '[OPTIONS] [REPOSITORY[:TAG]]',
  short: 'List images',
  args: { kind: 'max', n: 1 },
  flags: [
    bool('all', 'Show all images (default hides intermediate images)', { short: 'a' }),
    bool('digests', 'Show digests'),
    filterFlag('Filter output based on conditions provided'),
    formatFlag('table'),
    bool('no-trunc', "Don't truncate output"),
    quietFlag('Only show image IDs'),
  ],
  action: load(() => import('./commands/image-ls.js')),
});

const pull: CommandDef = {
  name: 'pull',
  use: '[OPTIONS] NAME[:TAG|@DIGEST]',
  short: 'Download an image from a registry',
  args: { kind: 'exact', n: 1 },
  flags: [
    bool('all-tags', 'Download all tagged images in the repository', { short: 'a' }),
    bool('disable-content-trust', 'Skip image verification', { defaultValue: 'true' }),
    platformFlag,
    quietFlag('Suppress verbose output'),
  ],
  action: load(() => import('./commands/image-pull.js')),
};

const importCmd: CommandDef = {
  name: 'import',
  use: '[OPTIONS] file|URL|- [REPOSITORY[:TAG]]',
  short: 'Import the contents from a tarball to create a filesystem image',
  args: { kind: 'min', n: 1 },
  flags: [
    list('change', 'Apply Dockerfile instruction to the created image', { short: 'c' }),
    str('message', 'Set commit message for imported image', { short: 'm' }),
    platformFlag,
  ],
  action: load(() => import('./commands/image-import.js')),
};

const loadCmd: CommandDef = {
  name: 'load',
  use: '[OPTIONS]',
  short: 'Load an image from a tar archive or STDIN',
  args: { kind: 'none' },
  flags: [
    str('input', 'Read from tar archive file, instead of STDIN', { short: 'i' }),
    str(
      'platform',
      'Load only the given platform variant. Formatted as "os[/arch[/variant]]" (e.g., "linux/amd64")',
    ),
    quietFlag('Suppress the load output'),
  ],
  action: load(() => import('./commands/image-load.js')),
};

const rmi = (name: 'rmi' | 'rm'): CommandDef => ({
  name,
  ...(name === 'rm' ? { aliases: ['rmi', 'remove'] } : {}),
  use: '[OPTIONS] IMAGE [IMAGE...]',
  short: 'Remove one or more images',
  args: { kind: 'min', n: 1 },
  flags: [
    bool('force', 'Force removal of the image', { short: 'f' }),
    bool('no-prune', 'Do not delete untagged parents'),
    list(
      'platform',
      'Remove only the given platform variant. Formatted as "os[/arch[/variant]]" (e.g., "linux/amd64")',
      { typeName: 'strings' },
    ),
  ],
  action: load(() => import('./commands/image-rm.js')),
});

const tag: CommandDef = {
  name: 'tag',
  use: 'SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]',
  short: 'Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE',
  args: { kind: 'exact', n: 2 },
  interspersed: false,
  action: load(() => import('./commands/image-tag.js')),
};

const imageInspect: CommandDef = {
  name: 'inspect',
  use: '[OPTIONS] IMAGE [IMAGE...]',
  short: 'Display detailed information on one or more images',
  args: { kind: 'min', n: 1 },
  flags: [formatFlag('plain', 'f')],
  action: load(() => import('./commands/image-inspect.js')),
};

/** The top-level image commands. */
export const imageShortcuts: CommandDef[] = [images('images'), importCmd, loadCmd, pull, rmi('rmi'), tag];

/** `strata image …` (docker image). */
export const imageGroup: CommandDef = {
  name: 'image',
  use: '',
  short: 'Manage images',
  subcommands: [importCmd, imageInspect, loadCmd, images('ls'), pull, rmi('rm'), tag],
};
