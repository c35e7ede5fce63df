import type { CommandDef } from './command.js';
import { filterFlag, formatFlag, load } from './command-defs.js';
import type { FlagSpec } from './flags.js';

/**
 * The image commands (docker/cli cli/command/image): each at the top level (`strata images`,
 * `strata pull`) and under `strata image`, with docker's uses, texts, flags and argument rules.
 */
const platformFlag: FlagSpec = {
  name: 'platform',
  kind: 'string',
  typeName: 'string',
  usage: 'Set platform if server is multi-platform capable',
};
const quietFlag = (usage: string): FlagSpec => ({ name: 'quiet', short: 'q', kind: 'bool', usage });

const images = (name: 'images' | 'ls'): CommandDef => ({
  name,
  ...(name === 'ls' ? { aliases: ['list'] } : {}),
  use: '[OPTIONS] [REPOSITORY[:TAG]]',
  short: 'List images',
  args: { kind: 'max', n: 1 },
  flags: [
    { name: 'all', short: 'a', kind: 'bool', usage: 'Show all images (default hides intermediate images)' },
    { name: 'digests', kind: 'bool', usage: 'Show digests' },
    filterFlag('Filter output based on conditions provided'),
    formatFlag('table'),
    { name: 'no-trunc', kind: 'bool', usage: "Don't truncate output" },
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
    { name: 'all-tags', short: 'a', kind: 'bool', usage: 'Download all tagged images in the repository' },
    { name: 'disable-content-trust', kind: 'bool', usage: 'Skip image verification', defaultValue: 'true' },
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
    { name: 'change', short: 'c', kind: 'list', typeName: 'list', usage: 'Apply Dockerfile instruction to the created image' },
    { name: 'message', short: 'm', kind: 'string', typeName: 'string', usage: 'Set commit message for imported image' },
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
    { name: 'input', short: 'i', kind: 'string', typeName: 'string', usage: 'Read from tar archive file, instead of STDIN' },
    {
      name: 'platform',
      kind: 'string',
      typeName: 'string',
      usage: 'Load only the given platform variant. Formatted as "os[/arch[/variant]]" (e.g., "linux/amd64")',
    },
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
    { name: 'force', short: 'f', kind: 'bool', usage: 'Force removal of the image' },
    { name: 'no-prune', kind: 'bool', usage: 'Do not delete untagged parents' },
    {
      name: 'platform',
      kind: 'list',
      typeName: 'strings',
      usage: 'Remove only the given platform variant. Formatted as "os[/arch[/variant]]" (e.g., "linux/amd64")',
    },
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
  use: 'COMMAND',
  short: 'Manage images',
  subcommands: [importCmd, imageInspect, loadCmd, images('ls'), pull, rmi('rm'), tag],
};
