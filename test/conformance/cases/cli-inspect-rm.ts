// docker volume inspect and docker volume rm.
import type { CliCase, SetupStep } from '../types.js';

const two: SetupStep[] = [
  ['volume', 'create', '--label', 'foo=bar', '--label', 'empty=', 'vol-a'],
  ['volume', 'create', '-o', 'type=tmpfs', '-o', 'device=tmpfs', '-o', 'o=size=1m,uid=1000', 'vol-b'],
];
const inspect = (name: string, args: string[], setup: SetupStep[] = two): CliCase => ({
  name,
  setup,
  argv: ['volume', 'inspect', ...args],
});
const rm = (name: string, args: string[], setup: SetupStep[] = two): CliCase => ({
  name,
  setup,
  argv: ['volume', 'rm', ...args],
});
const usedBy: SetupStep[] = [
  ...two,
  { image: 'strata-test:latest' },
  ['create', '--name', 'c1', '-v', 'vol-a:/data', 'strata-test:latest', '/bin/true'],
];

export const cliInspectCases: CliCase[] = [
  inspect('inspect-one', ['vol-a']),
  inspect('inspect-many', ['vol-a', 'vol-b']),
  inspect('inspect-same-twice', ['vol-a', 'vol-a']),
  inspect('inspect-missing', ['nosuch']),
  inspect('inspect-all-missing', ['nosuch', 'nosuch2']),
  inspect('inspect-mixed', ['vol-a', 'nosuch', 'vol-b']),
  inspect('inspect-empty-name', ['']),
  inspect('inspect-empty-and-valid', ['vol-a', '']),
  inspect('inspect-blank-name', ['  ']),
  inspect('inspect-anonymous', ['{out0}'], [['volume', 'create']]),
  inspect('inspect-format-name', ['-f', '{{.Name}}', 'vol-a', 'vol-b']),
  inspect('inspect-format-long-flag', ['--format', '{{.Name}} {{.Driver}} {{.Scope}}', 'vol-a']),
  inspect('inspect-format-json-labels', ['-f', '{{json .Labels}}', 'vol-a', 'vol-b']),
  inspect('inspect-format-labels', ['-f', '{{.Labels}}', 'vol-a', 'vol-b']),
  inspect('inspect-format-label-key', ['-f', '{{.Labels.foo}}', 'vol-a']),
  inspect('inspect-format-label-missing-key', ['-f', '{{.Labels.nope}}', 'vol-a']),
  inspect('inspect-format-index', ['-f', '{{index .Labels "foo"}}', 'vol-a']),
  inspect('inspect-format-options', ['-f', '{{.Options}}', 'vol-a', 'vol-b']),
  inspect('inspect-format-json-options', ['-f', '{{json .Options}}', 'vol-a', 'vol-b']),
  inspect('inspect-format-mountpoint', ['-f', '{{.Mountpoint}}', 'vol-a']),
  inspect('inspect-format-createdat', ['-f', '{{.CreatedAt}}', 'vol-a']),
  inspect('inspect-format-status', ['-f', '{{.Status}}|{{json .Status}}|{{.UsageData}}', 'vol-a']),
  inspect('inspect-format-json-dot', ['-f', '{{json .}}', 'vol-a']),
  inspect('inspect-format-json', ['-f', 'json', 'vol-a', 'vol-b']),
  inspect('inspect-format-range', ['-f', '{{range $k, $v := .Labels}}{{$k}}={{$v}};{{end}}', 'vol-a']),
  inspect('inspect-format-exec-error', ['-f', '{{.Foo}}', 'vol-a']),
  inspect('inspect-format-parse-error', ['-f', '{{.Foo', 'vol-a']),
  inspect('inspect-format-unknown-function', ['-f', '{{nosuchfunc .Name}}', 'vol-a']),
  inspect('inspect-format-with-missing', ['-f', '{{.Name}}', 'vol-a', 'nosuch', 'vol-b']),
  inspect('inspect-format-parse-error-missing', ['-f', '{{.Foo', 'nosuch']),
  inspect('inspect-format-empty', ['-f', '', 'vol-a']),
  inspect('inspect-no-args', []),
  inspect('inspect-unknown-flag', ['--size', 'vol-a']),
  {
    name: 'inspect-html-chars',
    setup: [['volume', 'create', '--label', 'x=<a&b>', 'vol-a']],
    argv: ['volume', 'inspect', 'vol-a'],
  },
  { name: 'inspect-help', argv: ['volume', 'inspect', '--help'] },
];

export const cliRmCases: CliCase[] = [
  rm('rm-one', ['vol-a']),
  rm('rm-many', ['vol-a', 'vol-b']),
  rm('rm-missing', ['nosuch']),
  rm('rm-force-missing', ['-f', 'nosuch']),
  rm('rm-force-long-missing', ['--force', 'nosuch']),
  rm('rm-mixed', ['vol-a', 'nosuch', 'vol-b']),
  rm('rm-force-mixed', ['-f', 'vol-a', 'nosuch', 'vol-b']),
  rm('rm-twice', ['vol-a', 'vol-a']),
  rm('rm-missing-two', ['nosuch', 'nosuch2']),
  rm('rm-no-args', []),
  rm('rm-empty-name', ['']),
  rm('rm-blank-name', [' ']),
  rm('rm-anonymous', ['{out0}'], [['volume', 'create']]),
  { name: 'rm-alias-remove', setup: two, argv: ['volume', 'remove', 'vol-a'] },
  { name: 'rm-then-ls', setup: [...two, ['volume', 'rm', 'vol-a']], argv: ['volume', 'ls'] },
  { name: 'rm-in-use', requires: ['containers'], setup: usedBy, argv: ['volume', 'rm', 'vol-a'] },
  {
    name: 'rm-force-in-use',
    requires: ['containers'],
    setup: usedBy,
    argv: ['volume', 'rm', '-f', 'vol-a', 'vol-b'],
  },
  {
    name: 'rm-in-use-two-containers',
    requires: ['containers'],
    setup: [...usedBy, ['create', '--name', 'c2', '-v', 'vol-a:/other', 'strata-test:latest', '/bin/true']],
    argv: ['volume', 'rm', 'vol-a'],
  },
  {
    name: 'rm-after-container-removed',
    requires: ['containers'],
    setup: [...usedBy, ['rm', 'c1']],
    argv: ['volume', 'rm', 'vol-a'],
  },
  rm('rm-unknown-flag', ['--bogus', 'vol-a']),
  { name: 'rm-help', argv: ['volume', 'rm', '--help'] },
];
