import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layerTar, makeDockerSave } from '../helpers/busybox-image.js';
import { DOCKER_CLI, dockerCliAvailable, runDocker } from '../helpers/docker-cli.js';
import { startStrata, strataUnavailableReason, type StrataDaemon } from '../helpers/strata-daemon.js';

// kill -9 of the daemon in the middle of `docker load` (several large layers), again and again:
// after each restart the store is consistent — no partial layer in layers/, nothing left in tmp/,
// every name points at an image whose config and layers are all there — and the load succeeds
// when run to the end.

const skip =
  strataUnavailableReason() ??
  (dockerCliAvailable() ? undefined : `${DOCKER_CLI} is not installed`) ??
  (process.getuid?.() === 0 ? undefined : 'unpacking image layers needs root');

describe.skipIf(skip !== undefined)(`image store crash safety${skip ? ` — skipped: ${skip}` : ''}`, () => {
  let daemon: StrataDaemon;
  let dir: string;
  let archive: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'simgc-'));
    archive = join(dir, 'big.tar');
    const layers = [0, 1, 2, 3].map((i) =>
      layerTar({ [`data/${i}.bin`]: randomBytes(24 << 20).toString('base64') }),
    );
    writeFileSync(archive, makeDockerSave({ layers, repoTags: ['big:1'] }));
    daemon = await startStrata();
  }, 120_000);
  afterAll(async () => {
    await daemon?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function checkConsistent(): void {
    const root = join(daemon.dataRoot, 'images');
    expect(readdirSync(join(root, 'tmp'))).toEqual([]);
    const layers = new Set(readdirSync(join(root, 'layers')));
    for (const hex of layers) {
      expect(existsSync(join(root, 'layers', hex, 'diff'))).toBe(true);
      expect(existsSync(join(root, 'layers', hex, 'size'))).toBe(true);
    }
    const content = join(root, 'imagedb', 'content', 'sha256');
    for (const hex of readdirSync(content)) {
      const config = JSON.parse(readFileSync(join(content, hex), 'utf8')) as {
        rootfs: { diff_ids: string[] };
      };
      for (const d of config.rootfs.diff_ids) expect(layers.has(d.slice(7))).toBe(true);
    }
    const repos = JSON.parse(readFileSync(join(root, 'repositories.json'), 'utf8')) as {
      Repositories: Record<string, Record<string, string>>;
    };
    for (const repo of Object.values(repos.Repositories)) {
      for (const id of Object.values(repo)) expect(existsSync(join(content, id.slice(7)))).toBe(true);
    }
  }

  it('survives kill -9 during load and loads afterwards', async () => {
    for (const delay of [150, 400, 900, 1500]) {
      const host = `unix://${daemon.socket}`;
      const load = spawn(DOCKER_CLI, ['load', '-i', archive], {
        env: { PATH: process.env.PATH ?? '', DOCKER_HOST: host, HOME: dir, DOCKER_CONFIG: dir },
        stdio: 'ignore',
      });
      const done = new Promise((resolve) => load.on('close', resolve));
      await new Promise((r) => setTimeout(r, delay));
      await daemon.kill9();
      await done;
      await daemon.restart();
      checkConsistent();
      const images = await runDocker(['images', '--format', '{{.Repository}}:{{.Tag}}'], {
        host: daemon.socket,
      });
      expect(images.code).toBe(0);
      for (const name of images.stdout.split('\n').filter((l) => l !== '')) {
        const r = await runDocker(['image', 'inspect', '--format', '{{.GraphDriver.Data.UpperDir}}', name], {
          host: daemon.socket,
        });
        expect(existsSync(r.stdout.trim())).toBe(true);
      }
    }
    const r = await runDocker(['load', '-i', archive], { host: daemon.socket, timeoutMs: 120_000 });
    expect(r).toMatchObject({ code: 0, stdout: 'Loaded image: big:1\n' });
    checkConsistent();
  }, 300_000);
});
