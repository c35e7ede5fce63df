import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  busyboxUnavailableReason,
  buildBusyboxRootfs,
  makeDockerSave,
  makeOciLayout,
} from '../helpers/busybox-image.js';
import { DOCKER_CLI, dockerCliAvailable, runDocker } from '../helpers/docker-cli.js';
import {
  pushImage,
  registryUnavailableReason,
  startRegistry,
  type LocalRegistry,
  type PushedImage,
} from '../helpers/registry.js';
import { startStrata, strataUnavailableReason, type StrataDaemon } from '../helpers/strata-daemon.js';

// The official docker CLI (API 1.50, Docker 28's answers) against Strata's image routes: import with
// --change, load (docker save and OCI layout), pull from a local registry, images, inspect, tag, rmi.
// Expected lines are what dockerd prints for the same commands (recorded from dockerd 20.10 with
// the same images; images-vs-dockerd.test.ts compares the two daemons directly).

const skip =
  strataUnavailableReason() ??
  (dockerCliAvailable() ? undefined : `${DOCKER_CLI} is not installed`) ??
  busyboxUnavailableReason() ??
  registryUnavailableReason() ??
  (process.getuid?.() === 0 ? undefined : 'unpacking image layers needs root');

describe.skipIf(skip !== undefined)(
  `docker CLI image commands against Strata${skip ? ` — skipped: ${skip}` : ''}`,
  () => {
    let daemon: StrataDaemon;
    let registry: LocalRegistry;
    let pushed: PushedImage;
    let dir: string;
    const docker = (args: string[]) => runDocker(args, { host: daemon.socket, timeoutMs: 60_000 });

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'simg-'));
      const rootfs = buildBusyboxRootfs();
      writeFileSync(join(dir, 'rootfs.tar'), rootfs);
      writeFileSync(join(dir, 'save.tar'), makeDockerSave({ layers: [rootfs], repoTags: ['busybox:saved'] }));
      writeFileSync(
        join(dir, 'oci.tar'),
        makeOciLayout({ layers: [rootfs], name: 'docker.io/library/busybox:oci' }),
      );
      registry = await startRegistry();
      pushed = await pushImage(registry, 'busybox', 'latest', { layers: [rootfs] });
      daemon = await startStrata();
    });
    afterAll(async () => {
      await daemon?.stop();
      await registry?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('imports a rootfs tar with --change and lists it', async () => {
      const r = await docker(['import', '--change', 'CMD ["sh"]', join(dir, 'rootfs.tar'), 'busybox:local']);
      expect(r).toMatchObject({ code: 0, stderr: '' });
      expect(r.stdout).toMatch(/^sha256:[0-9a-f]{64}\n$/);
      const ls = await docker(['images']);
      expect(ls.stdout).toMatch(
        /^REPOSITORY +TAG +IMAGE ID +CREATED +SIZE\nbusybox +local +[0-9a-f]{12} +(Less than a second|\d+ seconds?) ago +1\.98MB\n$/,
      );
    });

    it('inspects as Docker 28 (API 1.50) with the unpacked layer on disk', async () => {
      const r = await docker(['image', 'inspect', 'busybox:local']);
      expect(r.code).toBe(0);
      const [img] = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
      expect(Object.keys(img ?? {})).toEqual([
        'Id',
        'RepoTags',
        'RepoDigests',
        'Parent',
        'Comment',
        'Created',
        'DockerVersion',
        'Author',
        'Config',
        'Architecture',
        'Os',
        'Size',
        'GraphDriver',
        'RootFS',
        'Metadata',
      ]);
      expect(img).toMatchObject({
        RepoTags: ['busybox:local'],
        RepoDigests: [],
        Comment: 'Imported from -',
        Config: { Cmd: ['sh'] },
        Size: 1982638,
      });
      const upper = (img?.GraphDriver as { Data: { UpperDir: string } }).Data.UpperDir;
      expect(existsSync(join(upper, 'bin', 'busybox'))).toBe(true);
      const missing = await docker(['image', 'inspect', 'nope']);
      expect(missing).toMatchObject({
        code: 1,
        stdout: '[]\n',
        stderr: 'Error response from daemon: No such image: nope:latest\n',
      });
      const upper2 = await docker(['image', 'inspect', 'Nope']);
      expect(upper2.stderr).toContain(
        'invalid reference format: repository name (library/Nope) must be lowercase',
      );
    });

    it("pulls from a local registry with dockerd's progress lines", async () => {
      const ref = `${registry.host}/busybox`;
      const id = pushed.layerDigests[0]?.slice(7, 19) ?? '';
      const r = await docker(['pull', ref]);
      expect(r).toMatchObject({ code: 0, stderr: '' });
      expect(r.stdout).toBe(
        [
          'Using default tag: latest',
          'latest: Pulling from busybox',
          `${id}: Pulling fs layer`,
          `${id}: Verifying Checksum`,
          `${id}: Download complete`,
          `${id}: Pull complete`,
          `Digest: ${pushed.digest}`,
          `Status: Downloaded newer image for ${ref}:latest`,
          `${ref}:latest`,
          '',
        ].join('\n'),
      );
      const again = await docker(['pull', ref]);
      expect(again.stdout).toBe(
        [
          'Using default tag: latest',
          'latest: Pulling from busybox',
          `Digest: ${pushed.digest}`,
          `Status: Image is up to date for ${ref}:latest`,
          `${ref}:latest`,
          '',
        ].join('\n'),
      );
      const nope = await docker(['pull', `${registry.host}/nope`]);
      expect(nope).toMatchObject({
        code: 1,
        stderr: `Error response from daemon: manifest for ${registry.host}/nope:latest not found: manifest unknown: manifest unknown\n`,
      });
      const digests = await docker([
        'images',
        '--digests',
        '--format',
        '{{.Repository}} {{.Digest}} {{.ID}}',
        ref,
      ]);
      expect(digests.stdout).toBe(`${ref} ${pushed.digest} ${pushed.id.slice(7, 19)}\n`);
    });

    it('loads a docker save archive and an OCI layout', async () => {
      expect(await docker(['load', '-i', join(dir, 'save.tar')])).toMatchObject({
        code: 0,
        stdout: 'Loaded image: busybox:saved\n',
      });
      expect(await docker(['load', '-i', join(dir, 'oci.tar')])).toMatchObject({
        code: 0,
        stdout: 'Loaded image: busybox:oci\n',
      });
    });

    it('tags and removes as docker rmi does', async () => {
      expect(await docker(['tag', 'busybox:saved', 'my/app:v1'])).toMatchObject({
        code: 0,
        stdout: '',
        stderr: '',
      });
      const short = pushed.id.slice(7, 19);
      const conflict = await docker(['rmi', short]);
      expect(conflict).toMatchObject({
        code: 1,
        stderr: `Error response from daemon: conflict: unable to delete ${short} (must be forced) - image is referenced in multiple repositories\n`,
      });
      expect((await docker(['rmi', 'my/app:v1'])).stdout).toBe('Untagged: my/app:v1\n');
      const all = await docker(['rmi', '-f', short]);
      expect(all.stdout).toBe(
        [
          `Untagged: ${registry.host}/busybox:latest`,
          `Untagged: ${registry.host}/busybox@${pushed.digest}`,
          'Untagged: busybox:oci',
          'Untagged: busybox:saved',
          `Deleted: ${pushed.id}`,
          '',
        ].join('\n'),
      );
      const rest = await docker(['rmi', 'busybox:local']);
      expect(rest.stdout).toMatch(
        /^Untagged: busybox:local\nDeleted: sha256:[0-9a-f]{64}\nDeleted: sha256:[0-9a-f]{64}\n$/,
      );
      expect((await docker(['images', '-q'])).stdout).toBe('');
    });
  },
);
