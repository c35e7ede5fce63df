import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busyboxUnavailableReason, buildBusyboxRootfs, makeDockerSave } from '../helpers/busybox-image.js';
import { DOCKER_CLI, dockerCliAvailable, runDocker } from '../helpers/docker-cli.js';
import { dockerdUnavailableReason, startDockerd, type Dockerd } from '../helpers/dockerd.js';
import {
  pushImage,
  registryUnavailableReason,
  startRegistry,
  type LocalRegistry,
  type PushedImage,
} from '../helpers/registry.js';
import { startStrata, strataUnavailableReason, type StrataDaemon } from '../helpers/strata-daemon.js';

// One script of image commands, run by the official docker CLI against a real dockerd 20.10 and
// against Strata, both at API 1.41 (where Strata answers as Docker 20.10), pulling from the same
// local registry. stdout, stderr and exit codes must be equal once what cannot be (the id of an
// import, which holds its creation time; times; the daemons' directories; their versions) is
// replaced by placeholders.

const skip =
  strataUnavailableReason() ??
  (dockerCliAvailable() ? undefined : `${DOCKER_CLI} is not installed`) ??
  dockerdUnavailableReason() ??
  busyboxUnavailableReason() ??
  registryUnavailableReason();

interface Step {
  args: string[];
  out: string;
}

describe.skipIf(skip !== undefined)(
  `image commands: Strata vs dockerd 20.10${skip ? ` — skipped: ${skip}` : ''}`,
  () => {
    let dir: string;
    let registry: LocalRegistry;
    let pushed: PushedImage;
    let strata: StrataDaemon;
    let dockerd: Dockerd;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'simgd-'));
      const rootfs = buildBusyboxRootfs();
      writeFileSync(join(dir, 'rootfs.tar'), rootfs);
      writeFileSync(join(dir, 'save.tar'), makeDockerSave({ layers: [rootfs], repoTags: ['busybox:saved'] }));
      registry = await startRegistry();
      pushed = await pushImage(registry, 'busybox', 'latest', { layers: [rootfs] });
      [strata, dockerd] = await Promise.all([startStrata(), startDockerd()]);
    }, 120_000);
    afterAll(async () => {
      await Promise.all([strata?.stop(), dockerd?.stop()]);
      await registry?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    async function script(socket: string): Promise<Step[]> {
      const short = pushed.id.slice(7, 19);
      const reg = `${registry.host}/busybox`;
      const commands: string[][] = [
        ['import', '--change', 'CMD ["sh"]', join(dir, 'rootfs.tar'), 'busybox:local'],
        ['images'],
        ['image', 'inspect', 'busybox:local'],
        ['pull', reg],
        ['pull', reg],
        ['pull', `${registry.host}/nope`],
        ['load', '-i', join(dir, 'save.tar')],
        ['images', '--digests'],
        ['tag', 'busybox:saved', 'my/app:v1'],
        ['images', '--filter', 'reference=my/*'],
        ['rmi', short],
        ['rmi', 'my/app:v1'],
        ['image', 'inspect', 'nope'],
        ['images', '--filter', 'dangling=maybe'],
        ['images', '--filter', 'foo=bar'],
        ['import', '--change', 'RUN x', join(dir, 'rootfs.tar'), 'x:y'],
        ['import', '--change', 'EXPOSE abc', join(dir, 'rootfs.tar'), 'x:y'],
        ['image', 'inspect', 'busybox:saved'],
        ['rmi', '-f', short],
        ['rmi', 'busybox:local'],
        ['images', '-a'],
      ];
      const steps: Step[] = [];
      let importId = '';
      for (const args of commands) {
        const r = await runDocker(args, { host: socket, apiVersion: '1.41', timeoutMs: 60_000 });
        if (importId === '' && args[0] === 'import') importId = r.stdout.trim();
        // The CLI prints an image's repositories in Go map order (random): compare table rows sorted.
        const stdout = args[0] === 'images' ? sortRows(r.stdout) : r.stdout;
        steps.push({ args, out: `${stdout}\n--- stderr\n${r.stderr}\n--- exit ${r.code}` });
      }
      return steps.map((s) => ({ ...s, out: normalise(s.out, importId) }));
    }

    function sortRows(table: string): string {
      const [header, ...rows] = table.split('\n').filter((l) => l !== '');
      return header === undefined ? table : [header, ...rows.sort()].join('\n') + '\n';
    }

    function normalise(text: string, importId: string): string {
      let t = text;
      if (importId !== '') {
        t = t.split(importId).join('<IMPORT_ID>').split(importId.slice(7, 19)).join('<IMPORT_SHORT>');
      }
      // dockerd's transfer watchers keep only a layer's latest status, so a quick "Verifying Checksum"
      // or "Waiting" is sometimes overtaken before it is written: compare without them.
      return t
        .replace(/^[0-9a-f]{12}: (Verifying Checksum|Waiting)\n/gm, '')
        .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<TIME>')
        .replace(/(Less than a second|\d+ seconds?|About a minute) ago/g, '<RECENTLY>')
        .replace(/"\/tmp\/[^"]*"/g, '"<PATH>"')
        .replace(/"DockerVersion": "[^"]*"/g, '"DockerVersion": "<VERSION>"')
        .replace(/ {2,}/g, '  ');
    }

    it('prints the same for every command', async () => {
      const [ours, theirs] = await Promise.all([script(strata.socket), script(dockerd.socket)]);
      // The script does what it means to on the real daemon.
      expect(theirs[3]?.out).toContain('Pull complete');
      expect(theirs[2]?.out).toContain('"Cmd": [');
      expect(theirs[10]?.out).toContain('(must be forced) - image is referenced in multiple repositories');
      expect(theirs[13]?.out).toContain("Invalid filter 'dangling=[maybe]'");
      for (let i = 0; i < theirs.length; i++) {
        expect({ args: ours[i]?.args, out: ours[i]?.out }).toEqual({
          args: theirs[i]?.args,
          out: theirs[i]?.out,
        });
      }
    });
  },
);
