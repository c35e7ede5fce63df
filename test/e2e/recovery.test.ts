import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBusyboxRootfs, containerE2eSkipReason } from '../helpers/containers.js';
import { runDocker } from '../helpers/docker-cli.js';
import { startStrata, type StrataDaemon } from '../helpers/strata-daemon.js';

// A daemon that dies (kill -9) or restarts while containers run: afterwards every container is in a
// true state, volume references are right, and no overlay, tmpfs or volume mount is leaked.
const skip = containerE2eSkipReason();

/** Mount points (with their fs type) under `dir`, from /proc/self/mountinfo. */
function mountsUnder(dir: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => {
      const fields = line.split(' ');
      const sep = fields.indexOf('-');
      return { point: fields[4] ?? '', type: fields[sep + 1] ?? '' };
    })
    .filter((m) => m.point.startsWith(`${dir}/`))
    .map((m) => `${m.type} ${m.point.slice(dir.length)}`)
    .sort();
}

describe.skipIf(skip !== undefined)(
  `recovery after a daemon crash${skip ? ` — skipped: ${skip}` : ''}`,
  () => {
    let d: StrataDaemon;
    let dir: string;
    const docker = (args: string[]) => runDocker(args, { host: `unix://${d.socket}`, timeoutMs: 60_000 });
    const ok = async (args: string[]): Promise<string> => {
      const r = await docker(args);
      expect(r.code, `docker ${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r.stdout.trim();
    };

    beforeAll(async () => {
      d = await startStrata();
      dir = mkdtempSync(join(tmpdir(), 'strata-recovery-'));
      writeFileSync(join(dir, 'rootfs.tar'), buildBusyboxRootfs());
      await ok(['import', join(dir, 'rootfs.tar'), 'busybox:local']);
    });
    afterAll(async () => {
      await docker(['rm', '-f', 'keep', 'quick']).catch(() => undefined);
      await d?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('keeps running containers, records the ones that exited, and leaks no mount', async () => {
      const before = mountsUnder(d.dir);
      await ok(['volume', 'create', '--opt', 'type=tmpfs', '--opt', 'device=tmpfs', 'scratch']);
      const keep = await ok([
        'run',
        '-d',
        '--name',
        'keep',
        '-v',
        'scratch:/t',
        '-v',
        'data:/data',
        'busybox:local',
        'sh',
        '-c',
        'echo kept > /t/f; exec sleep 300',
      ]);
      const quick = await ok([
        'run',
        '-d',
        '--name',
        'quick',
        '-v',
        'data:/data',
        'busybox:local',
        'sh',
        '-c',
        'sleep 1; exit 7',
      ]);
      await ok(['run', '-d', '--rm', '--name', 'gone', 'busybox:local', 'sleep', '1']);
      const running = mountsUnder(d.dir);
      expect(running.filter((m) => m.startsWith('overlay '))).toHaveLength(3);
      expect(
        running.filter((m) => m.startsWith('tmpfs ') && m.endsWith('/volumes/scratch/_data')),
      ).toHaveLength(1);

      await d.kill9();
      await sleep(2500); // quick and gone exit while no daemon watches
      await d.restart();

      const ps = await ok(['ps', '-a', '--format', '{{.Names}} {{.Status}}']);
      const lines = ps.split('\n').sort();
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^keep Up /);
      expect(lines[1]).toMatch(/^quick Exited \(7\) /);
      expect(await ok(['inspect', '-f', '{{.State.ExitCode}} {{.State.Running}}', 'quick'])).toBe('7 false');
      // The running one is still reachable, its tmpfs volume still holds what it wrote.
      expect(await ok(['exec', 'keep', 'cat', '/t/f'])).toBe('kept');
      const afterCrash = mountsUnder(d.dir);
      expect(afterCrash.filter((m) => m.startsWith('overlay '))).toHaveLength(1);
      expect(
        afterCrash.filter((m) => m.startsWith('tmpfs ') && m.endsWith('/volumes/scratch/_data')),
      ).toHaveLength(1);
      // References survived: both containers hold `data`.
      const inUse = await docker(['volume', 'rm', 'data']);
      expect(inUse.code).toBe(1);
      expect(inUse.stderr).toContain(keep);
      expect(inUse.stderr).toContain(quick);

      // A clean restart changes nothing either.
      await d.restart();
      expect(await ok(['inspect', '-f', '{{.State.Status}}', 'keep'])).toBe('running');
      expect(await ok(['exec', 'keep', 'cat', '/t/f'])).toBe('kept');

      // Stopping after the restarts releases the tmpfs volume and the overlay.
      await ok(['stop', '-t', '1', 'keep']);
      expect(await ok(['inspect', '-f', '{{.State.Status}} {{.State.ExitCode}}', 'keep'])).toBe('exited 137');
      expect(mountsUnder(d.dir)).toEqual(before);
      await ok(['rm', 'keep', 'quick']);
      expect(await ok(['volume', 'rm', 'data', 'scratch'])).toBe('data\nscratch');
      expect(mountsUnder(d.dir)).toEqual(before);
    });

    it('unmounts a tmpfs volume whose only container exited while the daemon was down', async () => {
      const before = mountsUnder(d.dir);
      await ok(['volume', 'create', '--opt', 'type=tmpfs', '--opt', 'device=tmpfs', 'brief']);
      await ok(['run', '-d', '--name', 'brief', '-v', 'brief:/t', 'busybox:local', 'sleep', '1']);
      await d.kill9();
      await sleep(2000);
      await d.restart();
      expect(await ok(['inspect', '-f', '{{.State.Status}} {{.State.ExitCode}}', 'brief'])).toBe('exited 0');
      expect(mountsUnder(d.dir)).toEqual(before);
      await ok(['rm', 'brief']);
      expect(await ok(['volume', 'rm', 'brief'])).toBe('brief');
    });
  },
);
