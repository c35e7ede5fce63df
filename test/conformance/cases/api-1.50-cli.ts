// API >= 1.42 docker CLI expectations, the CLI negotiating its version (see ../api-1.50-cases.ts).
import type { Api150CliCase } from '../api-1.50-cases.js';
import { checkCaseNames, type SetupStep } from '../types.js';
import { ANON } from './api-1.50-http.js';

const PROMPT_ANON =
  'WARNING! This will remove anonymous local volumes not used by at least one container.\nAre you sure you want to continue? [y/N] ';
const PROMPT_ALL =
  'WARNING! This will remove all local volumes not used by at least one container.\nAre you sure you want to continue? [y/N] ';
const cliSetup: SetupStep[] = [
  { docker: ['volume', 'create'], apiVersion: null },
  { docker: ['volume', 'create', 'keep'], apiVersion: null },
];

export const api150CliCases: Api150CliCase[] = checkCaseNames<Api150CliCase>([
  {
    name: 'cli-prune-force',
    source: '1.8; 5.5',
    setup: cliSetup,
    argv: ['volume', 'prune', '-f'],
    expect: { stdout: 'Deleted Volumes:\n<id-1>\n\nTotal reclaimed space: 0B\n', stderr: '', code: 0 },
  },
  {
    name: 'cli-prune-prompt',
    source: '5.5 prompt (anonymous text at >= 1.42)',
    setup: cliSetup,
    argv: ['volume', 'prune'],
    stdin: 'y\n',
    expect: {
      stdout: `${PROMPT_ANON}Deleted Volumes:\n<id-1>\n\nTotal reclaimed space: 0B\n`,
      stderr: '',
      code: 0,
    },
  },
  {
    name: 'cli-prune-prompt-no',
    source: '5.5 declined',
    setup: cliSetup,
    argv: ['volume', 'prune'],
    stdin: 'n\n',
    expect: { stdout: PROMPT_ANON, stderr: '', code: 0 },
  },
  {
    name: 'cli-prune-all-force',
    source: '5.5 --all',
    setup: cliSetup,
    argv: ['volume', 'prune', '--all', '-f'],
    expect: { stdout: 'Deleted Volumes:\n<id-1>\nkeep\n\nTotal reclaimed space: 0B\n', stderr: '', code: 0 },
  },
  {
    name: 'cli-prune-all-prompt',
    source: '5.5 --all prompt',
    setup: cliSetup,
    argv: ['volume', 'prune', '-a'],
    stdin: 'Y\n',
    expect: {
      stdout: `${PROMPT_ALL}Deleted Volumes:\n<id-1>\nkeep\n\nTotal reclaimed space: 0B\n`,
      stderr: '',
      code: 0,
    },
  },
  {
    name: 'cli-prune-filter-all',
    source: '1.8 all filter',
    setup: cliSetup,
    argv: ['volume', 'prune', '-f', '--filter', 'all=true'],
    expect: { stdout: 'Deleted Volumes:\n<id-1>\nkeep\n\nTotal reclaimed space: 0B\n', stderr: '', code: 0 },
  },
  {
    name: 'cli-prune-all-conflict',
    source: '5.5',
    setup: cliSetup,
    argv: ['volume', 'prune', '-a', '-f', '--filter', 'all=1'],
    expect: {
      stdout: '',
      stderr: 'conflicting options: cannot specify both --all and --filter all=1\n',
      code: 1,
    },
  },
  {
    name: 'cli-prune-filter-invalid-all',
    source: '1.8 errors',
    argv: ['volume', 'prune', '-f', '--filter', 'all=maybe'],
    expect: {
      stdout: '',
      stderr:
        'Error response from daemon: invalid filter \'all\': strconv.ParseBool: parsing "maybe": invalid syntax\n',
      code: 1,
    },
  },
  {
    name: 'cli-ls-invalid-filter',
    source: '5.2; 6.2 #8',
    argv: ['volume', 'ls', '-f', 'FOO=123'],
    expect: { stdout: '', stderr: "Error response from daemon: invalid filter 'foo'\n", code: 1 },
  },
  {
    name: 'cli-ls-dangling-invalid',
    source: '1.3; 6.2 #9',
    argv: ['volume', 'ls', '-f', 'dangling=invalid'],
    expect: {
      stdout: '',
      stderr: "Error response from daemon: invalid filter 'dangling=[invalid]'\n",
      code: 1,
    },
  },
  {
    name: 'cli-ls-label-not',
    source: '1.3',
    argv: ['volume', 'ls', '-f', 'label!=a'],
    expect: { stdout: '', stderr: "Error response from daemon: invalid filter 'label!'\n", code: 1 },
  },
  {
    name: 'cli-create-anonymous-label',
    source: '3.4',
    setup: [{ docker: ['volume', 'create'], apiVersion: null }],
    argv: ['volume', 'inspect', '-f', '{{json .Labels}}', '{out0}'],
    expect: { stdout: `${ANON}\n`, stderr: '', code: 0 },
  },
  {
    name: 'cli-ls-anonymous-labels',
    source: '3.4; 5.2 .Labels',
    setup: cliSetup,
    argv: ['volume', 'ls', '--format', '{{.Name}} [{{.Labels}}]'],
    expect: { stdout: '<id-1> [com.docker.volume.anonymous=]\nkeep []\n', stderr: '', code: 0 },
  },
  {
    name: 'cli-create-opt-size-invalid',
    source: '2.3 #3',
    argv: ['volume', 'create', '-o', 'size=abc', 'myvol'],
    expect: {
      stdout: '',
      stderr: "Error response from daemon: create myvol: invalid size: 'abc'\n",
      code: 1,
    },
  },
]);
