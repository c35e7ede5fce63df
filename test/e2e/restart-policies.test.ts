import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerE2eSkipReason, startBusyboxDaemon, type BusyboxDaemon } from '../helpers/containers.js';

// Restart policies through the docker CLI: on-failure:N gives up after N restarts, always restarts
// until a user stops it, a stopped `always` container comes back when the daemon restarts and an
// `unless-stopped` one does not, invalid policies get Docker's texts.
const skip = containerE2eSkipReason();

describe.skipIf(skip !== undefined)(`restart policies${skip ? ` — skipped: ${skip}` : ''}`, () => {
  let fx: BusyboxDaemon;
  const docker = (args: string[]) => fx.docker(args);
  const ok = async (args: string[]): Promise<string> => {
    const r = await docker(args);
    expect(r.code, `docker ${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r.stdout.trim();
  };
  const state = (name: string): Promise<string> =>
    ok(['inspect', '-f', '{{.State.Status}} {{.RestartCount}} {{.State.ExitCode}}', name]);
  /** Polls until `want(state)` holds; the deadline only bounds a hang, it is not a timing check. */
  const until = async (name: string, want: (s: string) => boolean): Promise<string> => {
    let s = '';
    for (let i = 0; i < 300; i++) {
      s = await state(name);
      if (want(s)) return s;
      await sleep(100);
    }
    throw new Error(`${name} never reached the state wanted; last: ${s}`);
  };

  beforeAll(async () => {
    fx = await startBusyboxDaemon('strata-restart-');
  });
  afterAll(async () => {
    await fx?.docker(['rm', '-f', 'flaky', 'forever', 'keeper', 'quitter']).catch(() => undefined);
    await fx?.close();
  });

  it('on-failure:2 restarts a failing container twice, then leaves it exited', async () => {
    await ok([
      'run',
      '-d',
      '--name',
      'flaky',
      '--restart',
      'on-failure:2',
      'busybox:local',
      'sh',
      '-c',
      'exit 3',
    ]);
    expect(await until('flaky', (s) => s === 'exited 2 3')).toBe('exited 2 3');
    await sleep(1000); // a third restart would have come 400 ms after the second exit
    expect(await state('flaky')).toBe('exited 2 3');
    const starts = await ok([
      'events',
      '--since',
      '0',
      '--until',
      `${Math.ceil(Date.now() / 1000)}`,
      '--filter',
      'container=flaky',
      '--filter',
      'event=start',
      '--format',
      '{{.Action}}',
    ]);
    expect(starts.split('\n')).toEqual(['start', 'start', 'start']);
  });

  it('always restarts a container that exits 0, until docker stop; docker start resets the count', async () => {
    await ok(['run', '-d', '--name', 'forever', '--restart', 'always', 'busybox:local', 'true']);
    await until('forever', (s) => Number(s.split(' ')[1]) >= 2);
    await ok(['stop', 'forever']);
    const stopped = await until('forever', (s) => s.startsWith('exited'));
    await sleep(500);
    expect(await state('forever')).toBe(stopped);
    await ok(['start', 'forever']);
    expect(Number((await state('forever')).split(' ')[1])).toBeLessThanOrEqual(1);
    await ok(['stop', 'forever']);
  });

  it('after a daemon restart, a stopped always container runs again; a stopped unless-stopped one does not', async () => {
    await ok(['run', '-d', '--name', 'keeper', '--restart', 'always', 'busybox:local', 'sleep', '300']);
    await ok([
      'run',
      '-d',
      '--name',
      'quitter',
      '--restart',
      'unless-stopped',
      'busybox:local',
      'sleep',
      '300',
    ]);
    await ok(['stop', '-t', '0', 'keeper', 'quitter']);
    await fx.d.restart();
    expect((await state('keeper')).split(' ')[0]).toBe('running');
    expect((await state('quitter')).split(' ')[0]).toBe('exited');
  });

  it('rm -f removes a container in a restart loop, also while the policy is starting it again', async () => {
    // The removal can land while a restart the policy began is still starting the container: it
    // must wait for that start and kill what it started (it once answered `container … is running`).
    for (let i = 0; i < 15; i++) {
      await ok([
        'run',
        '-d',
        '--name',
        `loop${i}`,
        '--restart',
        'always',
        'busybox:local',
        'sh',
        '-c',
        'exit 1',
      ]);
      await sleep((i % 5) * 40);
      await ok(['rm', '-f', `loop${i}`]);
    }
    expect(await ok(['ps', '-a', '-q', '--filter', 'name=loop'])).toBe('');
  }, 120_000);

  it('refuses invalid policies with Docker texts', async () => {
    const r = await docker(['create', '--restart', 'always:3', 'busybox:local', 'true']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      "invalid restart policy: maximum retry count can only be used with 'on-failure'",
    );
  });
});
