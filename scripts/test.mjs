#!/usr/bin/env node
// `npm test`: everything CI needs, from a fresh machine of this kind.
//  1. As root, installs the Debian packages the tests use when they are missing.
//  2. Builds (tsc) and lints (tsc --noEmit over tests too, eslint).
//  3. Runs every vitest suite (unit, contract, integration, conformance, e2e).
// Ends with one plain line: `N passed, N failed` (build and lint count as one check each).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian packages the tests use, and a file each one provides (to tell whether it is installed). */
const debianPackages = [
  ['runc', '/usr/sbin/runc'],
  ['busybox-static', '/bin/busybox'],
  ['docker-registry', '/usr/bin/docker-registry'],
  ['docker.io', '/usr/sbin/dockerd'],
  ['sshfs', '/usr/bin/sshfs'],
  ['openssh-server', '/usr/sbin/sshd'],
  ['openssh-client', '/usr/bin/ssh-keygen'],
  ['fuse3', '/usr/bin/fusermount3'],
  ['docker-compose', '/usr/bin/docker-compose'],
  // the btrfs volume backend (btrfs, mkfs.btrfs); the image backend's mkfs.ext4, debugfs, losetup
  // and fsfreeze come with Debian's required e2fsprogs, mount and util-linux
  ['btrfs-progs', '/usr/bin/btrfs'],
  // setfattr/getfattr: xattrs in the volume copy (clone, snapshot) and archive tests
  ['attr', '/usr/bin/setfattr'],
];

const isRoot = process.getuid?.() === 0;
const extraArgs = process.argv.slice(2);
let passed = 0;
let failed = 0;

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  return r.status === 0;
}

function step(name, ok) {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? '✓' : '✗'} ${name}`);
}

if (isRoot) {
  const missing = debianPackages.filter(([, file]) => !existsSync(file)).map(([pkg]) => pkg);
  if (missing.length > 0) {
    console.log(`installing Debian packages: ${missing.join(' ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    run('apt-get', ['update', '-qq'], { env });
    if (!run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env })) {
      console.log('warning: apt-get install failed; tests that need these packages will say so');
    }
  }
} else {
  console.log('not root: Debian packages are not installed and tests that need root say why they skip');
}

const build = run('npm', ['run', '--silent', 'build']);
step('build (tsc)', build);
step('lint (tsc --noEmit, eslint)', run('npm', ['run', '--silent', 'lint']));

if (build) {
  const dir = mkdtempSync(join(tmpdir(), 'strata-test-report-'));
  const report = join(dir, 'vitest.json');
  run('npx', [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...extraArgs,
  ]);
  if (existsSync(report)) {
    const r = JSON.parse(readFileSync(report, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    // A suite that failed to load has no tests to count: count it as one failure.
    failed += (r.testResults ?? []).filter(
      (f) => f.status === 'failed' && f.assertionResults.length === 0,
    ).length;
    console.log(`(${r.numPendingTests + r.numTodoTests} skipped with a stated reason)`);
  } else {
    failed++;
    console.log('✗ vitest produced no report');
  }
  rmSync(dir, { recursive: true, force: true });
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
