// docker volume prune, docker system df (volumes part), docker volume without/with bad subcommands.
import type { CliCase, SetupStep } from '../types.js';

/** anonymous, named1 (a=1, 3 bytes), named2 (a=2,b=x), plain (5 bytes), tmpvol (options: never pruned). */
const pruneSet: SetupStep[] = [
  ['volume', 'create'],
  ['volume', 'create', '--label', 'a=1', 'named1'],
  ['volume', 'create', '--label', 'a=2', '--label', 'b=x', 'named2'],
  ['volume', 'create', 'plain'],
  ['volume', 'create', '-o', 'type=tmpfs', '-o', 'device=tmpfs', 'tmpvol'],
  { writeFile: { volume: 'named1', path: 'f1', content: 'abc' } },
  { writeFile: { volume: 'plain', path: 'dir/f2', content: 'hello' } },
];
const prune = (name: string, args: string[], extra: Partial<CliCase> = {}): CliCase => ({
  name,
  setup: pruneSet,
  argv: ['volume', 'prune', ...args],
  ...extra,
});
const withContainer: SetupStep[] = [
  ...pruneSet,
  { image: 'strata-test:latest' },
  ['create', '--name', 'c1', '-v', 'named1:/data', 'strata-test:latest', '/bin/true'],
];

export const cliPruneCases: CliCase[] = [
  prune('prune-yes', [], { stdin: 'y\n' }),
  prune('prune-yes-upper', [], { stdin: 'Y\n' }),
  prune('prune-yes-word', [], { stdin: 'yes\n' }),
  prune('prune-yes-spaces', [], { stdin: '  y  \n' }),
  prune('prune-no', [], { stdin: 'n\n' }),
  prune('prune-garbage', [], { stdin: 'maybe\n' }),
  prune('prune-no-stdin', []),
  prune('prune-yes-no-newline', [], { stdin: 'y' }),
  prune('prune-force', ['-f']),
  prune('prune-force-long', ['--force']),
  { name: 'prune-force-nothing', argv: ['volume', 'prune', '-f'] },
  { name: 'prune-nothing-yes', argv: ['volume', 'prune'], stdin: 'y\n' },
  { name: 'prune-then-ls', setup: [...pruneSet, ['volume', 'prune', '-f']], argv: ['volume', 'ls'] },
  prune('prune-filter-label', ['-f', '--filter', 'label=a']),
  prune('prune-filter-label-kv', ['-f', '--filter', 'label=a=1']),
  prune('prune-filter-label-and', ['-f', '--filter', 'label=a', '--filter', 'label=b=x']),
  prune('prune-filter-label-not', ['-f', '--filter', 'label!=a']),
  prune('prune-filter-label-not-kv', ['-f', '--filter', 'label!=a=1']),
  prune('prune-filter-label-not-two', ['-f', '--filter', 'label!=a', '--filter', 'label!=b']),
  prune('prune-filter-label-and-not', ['-f', '--filter', 'label=a', '--filter', 'label!=b']),
  prune('prune-filter-all-true', ['-f', '--filter', 'all=true']),
  prune('prune-filter-all-false', ['-f', '--filter', 'all=false']),
  prune('prune-filter-dangling', ['-f', '--filter', 'dangling=true']),
  prune('prune-filter-name', ['-f', '--filter', 'name=plain']),
  prune('prune-filter-until', ['-f', '--filter', 'until=1h'], {
    expectDiff:
      'Strata accepts `until` for volume prune at every API version (README Compatibility); dockerd refuses it. ' +
      'Every volume here is younger than an hour, so nothing goes',
    strata: { stdout: 'Total reclaimed space: 0B\n', stderr: '', code: 0 },
  }),
  prune('prune-filter-unknown', ['-f', '--filter', 'foo=bar']),
  prune('prune-filter-bad-format', ['-f', '--filter', 'label']),
  prune('prune-filter-prompt', ['--filter', 'label=a'], { stdin: 'y\n' }),
  prune('prune-all-flag', ['--all', '-f'], { notes: '--all needs API 1.42: client-side error at 1.41' }),
  prune('prune-all-flag-and-filter', ['-a', '-f', '--filter', 'all=1']),
  prune('prune-config-filter', ['-f'], { configJson: { pruneFilters: ['label=a=2'] } }),
  prune('prune-config-filter-overridden', ['-f', '--filter', 'label!=a=2'], {
    configJson: { pruneFilters: ['label=a=2'] },
  }),
  prune('prune-config-filter-not', ['-f'], { configJson: { pruneFilters: ['label!=b'] } }),
  prune('prune-extra-arg', ['-f', 'plain']),
  prune('prune-unknown-flag', ['--bogus']),
  { name: 'prune-in-use', requires: ['containers'], setup: withContainer, argv: ['volume', 'prune', '-f'] },
  { name: 'prune-help', argv: ['volume', 'prune', '--help'] },
];

const dfSection = { start: 'Local Volumes space usage:', end: 'Build cache usage: 0B' };

export const cliDfCases: CliCase[] = [
  { name: 'df-empty', argv: ['system', 'df'] },
  { name: 'df-volumes', setup: pruneSet, argv: ['system', 'df'] },
  { name: 'df-verbose-empty', argv: ['system', 'df', '-v'] },
  { name: 'df-verbose', setup: pruneSet, argv: ['system', 'df', '-v'] },
  { name: 'df-verbose-volumes-section', setup: pruneSet, argv: ['system', 'df', '-v'], section: dfSection },
  {
    name: 'df-format',
    setup: pruneSet,
    argv: ['system', 'df', '--format', '{{.Type}}|{{.TotalCount}}|{{.Active}}|{{.Size}}|{{.Reclaimable}}'],
  },
  { name: 'df-format-json', setup: pruneSet, argv: ['system', 'df', '--format', 'json'] },
  {
    name: 'df-in-use',
    requires: ['containers'],
    setup: withContainer,
    argv: ['system', 'df', '--format', '{{.Type}}|{{.TotalCount}}|{{.Active}}|{{.Size}}|{{.Reclaimable}}'],
  },
  {
    name: 'df-verbose-in-use',
    requires: ['containers'],
    setup: withContainer,
    argv: ['system', 'df', '-v'],
    section: dfSection,
  },
];

export const cliMiscCases: CliCase[] = [
  { name: 'volume-no-subcommand', argv: ['volume'] },
  { name: 'volume-help', argv: ['volume', '--help'] },
  { name: 'volume-unknown-flag', argv: ['volume', '--no-such-flag'] },
  { name: 'volume-unknown-subcommand', argv: ['volume', 'somearg'] },
  { name: 'volume-update-no-args', argv: ['volume', 'update'] },
  {
    name: 'volume-update',
    setup: [['volume', 'create', 'myvol']],
    argv: ['volume', 'update', '--availability', 'pause', 'myvol'],
  },
  {
    name: 'volume-ls-api-1.24',
    setup: [['volume', 'create', 'myvol']],
    argv: ['volume', 'ls'],
    apiVersion: '1.24',
  },
  {
    name: 'volume-prune-api-1.24',
    argv: ['volume', 'prune', '-f'],
    apiVersion: '1.24',
    notes: 'prune needs API 1.25',
  },
  { name: 'volume-rm-force-api-1.24', argv: ['volume', 'rm', '-f', 'nosuch'], apiVersion: '1.24' },
  { name: 'volume-ls-api-too-new', argv: ['volume', 'ls'], apiVersion: '1.99' },
  { name: 'volume-ls-api-too-old', argv: ['volume', 'ls'], apiVersion: '1.11' },
];
