/**
 * The contract every ImageStore passes (the disk store and the in-memory fake): import with
 * changes, lookups as Docker resolves names, list filters and order, tags, load of docker-save and
 * OCI archives, and `docker rmi` semantics with containers in use. Layers are small generated tars.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kindOf, messageOf } from '../errors/index.js';
import type { ImageStore, ImageUser, ProgressMessage } from './image-store.js';

export interface ImageStoreHarness {
  store: ImageStore;
  /** Simulates a daemon restart where the implementation can (the fake returns the same store). */
  reopen(): Promise<ImageStore>;
  cleanup(): Promise<void>;
  /** The image events the store logged (its `events` option), oldest first. */
  events: ImageEventRecord[];
}

export interface ImageEventRecord {
  action: string;
  id: string;
  attributes: Record<string, string>;
}

/** An `events` option that appends to `into`. */
export function recordEvents(
  into: ImageEventRecord[],
): (action: string, id: string, attributes: Record<string, string>) => void {
  return (action, id, attributes) => into.push({ action, id, attributes });
}

const sha256 = (b: Buffer | string): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** A deterministic layer tar with the given files. */
export function testLayer(files: Record<string, string>): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'sil-'));
  try {
    for (const [p, c] of Object.entries(files)) {
      mkdirSync(join(dir, p, '..'), { recursive: true });
      writeFileSync(join(dir, p), c);
    }
    return execFileSync('tar', [
      '-C',
      dir,
      '--sort=name',
      '--owner=0',
      '--group=0',
      '--numeric-owner',
      '--mtime=@0',
      '-cf',
      '-',
      '.',
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function tarOf(files: Record<string, Buffer | string>): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'sia-'));
  try {
    for (const [p, c] of Object.entries(files)) {
      mkdirSync(join(dir, p, '..'), { recursive: true });
      writeFileSync(join(dir, p), c);
    }
    return execFileSync('tar', ['-C', dir, '--sort=name', '-cf', '-', '.']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function configFor(layers: Buffer[], extra: Record<string, unknown> = {}): Buffer {
  return Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      config: { Cmd: ['sh'], Labels: { tier: 'gold' } },
      created: '2024-01-01T00:00:00Z',
      os: 'linux',
      rootfs: { type: 'layers', diff_ids: layers.map((l) => sha256(l)) },
      ...extra,
    }),
  );
}

export function dockerSave(
  layers: Buffer[],
  repoTags: string[],
  extra: Record<string, unknown> = {},
): Buffer {
  const config = configFor(layers, extra);
  const files: Record<string, Buffer | string> = { [`${sha256(config).slice(7)}.json`]: config };
  const names = layers.map((l, i) => `l${i}/layer.tar`);
  layers.forEach((l, i) => (files[names[i] as string] = l));
  files['manifest.json'] = JSON.stringify([
    { Config: `${sha256(config).slice(7)}.json`, RepoTags: repoTags, Layers: names },
  ]);
  return tarOf(files);
}

export function ociLayout(layers: Buffer[], name?: string): Buffer {
  const config = configFor(layers);
  const files: Record<string, Buffer | string> = {};
  const put = (b: Buffer): string => {
    files[`blobs/sha256/${sha256(b).slice(7)}`] = b;
    return sha256(b);
  };
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: put(config),
        size: config.length,
      },
      layers: layers.map((l) => {
        const gz = gzipSync(l);
        return { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: put(gz), size: gz.length };
      }),
    }),
  );
  const annotations = name === undefined ? {} : { annotations: { 'io.containerd.image.name': name } };
  files['index.json'] = JSON.stringify({
    schemaVersion: 2,
    manifests: [{ digest: put(manifest), size: manifest.length, ...annotations }],
  });
  files['oci-layout'] = '{"imageLayoutVersion":"1.0.0"}';
  return tarOf(files);
}

const stream = (b: Buffer): Readable => Readable.from([b]);

async function expectError(
  p: Promise<unknown> | (() => unknown),
  kind: string,
  message: string,
): Promise<void> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    expect(messageOf(err)).toBe(message);
    expect(kindOf(err)).toBe(kind);
    return;
  }
  throw new Error(`expected an error: ${message}`);
}

export function imageStoreContract(name: string, make: () => Promise<ImageStoreHarness>): void {
  describe(`ImageStore contract: ${name}`, () => {
    let h: ImageStoreHarness;
    let store: ImageStore;
    const base = testLayer({ 'bin/sh': 'shell', 'etc/passwd': 'root:x:0:0::/root:/bin/sh\n' });
    const top = testLayer({ 'app/run': 'run' });

    beforeEach(async () => {
      h = await make();
      store = h.store;
    });
    afterEach(async () => h.cleanup());

    it('imports a tar (plain or gzip) with changes, as one layer keyed by its diff id', async () => {
      const img = await store.importTar(stream(gzipSync(base)), {
        ref: 'busybox:local',
        changes: ['CMD ["sh"]', 'ENV A=b', 'WORKDIR /w'],
      });
      expect(img.id).toMatch(/^sha256:[a-f0-9]{64}$/);
      expect(img.diffIds).toEqual([sha256(base)]);
      expect(img.repoTags).toEqual(['busybox:local']);
      expect(img.config.Cmd).toEqual(['sh']);
      expect(img.config.Env).toEqual(['A=b']);
      expect(img.config.WorkingDir).toBe('/w');
      expect(img.comment).toBe('Imported from -');
      expect(img.size).toBe('shell'.length + 'root:x:0:0::/root:/bin/sh\n'.length);
      expect(store.layerPaths(img.id)).toHaveLength(1);
      expect(img.lastTagTime).not.toBe('');
      const again = await store.importTar(stream(base), {});
      expect(store.layerPaths(again.id)).toEqual(store.layerPaths(img.id));
    });

    it('refuses bad changes and references before reading anything', async () => {
      await expectError(
        store.importTar(stream(base), { changes: ['RUN x'] }),
        'invalid-parameter',
        'RUN is not a valid change command',
      );
      await expectError(
        store.importTar(stream(base), { ref: 'Foo' }),
        'invalid-parameter',
        'invalid reference format: repository name (library/Foo) must be lowercase',
      );
      expect(store.list()).toEqual([]);
    });

    it('resolves names, digests, ids and id prefixes as Docker does', async () => {
      const img = await store.importTar(stream(base), { ref: 'busybox' });
      expect(store.get('busybox')?.id).toBe(img.id);
      expect(store.get('busybox:latest')?.id).toBe(img.id);
      expect(store.get('docker.io/library/busybox:latest')?.id).toBe(img.id);
      expect(store.get(img.id)?.id).toBe(img.id);
      expect(store.get(img.id.slice(7))?.id).toBe(img.id);
      expect(store.get(img.id.slice(7, 12))?.id).toBe(img.id);
      expect(store.get('busybox:other')).toBeUndefined();
      await expectError(() => store.resolve('nope'), 'not-found', 'No such image: nope:latest');
      await expectError(
        () => store.resolve('Nope'),
        'invalid-parameter',
        'invalid reference format: repository name (library/Nope) must be lowercase',
      );
    });

    it('tags, lists newest first, and filters by reference, label and dangling', async () => {
      const a = await store.importTar(stream(base), { ref: 'a:1' });
      const b = await store.load(stream(dockerSave([base, top], ['b:1'])), () => undefined);
      store.tag('a:1', 'c', 'x');
      expect(store.get('c:x')?.id).toBe(a.id);
      expect(store.list().map((i) => i.id)).toEqual([a.id, (b[0] as { id: string }).id]);
      expect(store.list({ filters: { reference: ['c'] } }).map((i) => i.repoTags)).toEqual([['c:x']]);
      expect(store.list({ filters: { label: ['tier=gold'] } }).map((i) => i.repoTags)).toEqual([['b:1']]);
      expect(store.list({ filters: { dangling: ['true'] } })).toEqual([]);
      await expectError(
        () => store.list({ filters: { foo: ['x'] } }),
        'invalid-parameter',
        "invalid filter 'foo'",
      );
    });

    it('loads docker-save archives and OCI layouts, reusing layers', async () => {
      const msgs: ProgressMessage[] = [];
      const loaded = await store.load(stream(dockerSave([base, top], ['app:1'])), (m) => msgs.push(m));
      expect(loaded).toHaveLength(1);
      expect(msgs.filter((m) => m.stream !== undefined).map((m) => m.stream)).toEqual([
        'Loaded image: app:1\n',
      ]);
      expect(msgs.some((m) => m.status === 'Loading layer')).toBe(true);
      const img = store.resolve('app:1');
      expect(img.diffIds).toEqual([sha256(base), sha256(top)]);
      expect(store.layerPaths(img.id)).toHaveLength(2);
      const quiet: ProgressMessage[] = [];
      await store.load(stream(ociLayout([base], 'docker.io/library/oci:1')), (m) => quiet.push(m), {
        quiet: true,
      });
      expect(quiet).toEqual([{ stream: 'Loaded image: oci:1\n' }]);
      const unnamed: ProgressMessage[] = [];
      const [u] = await store.load(stream(ociLayout([top])), (m) => unnamed.push(m), { quiet: true });
      expect(unnamed).toEqual([{ stream: `Loaded image ID: ${u?.id}\n` }]);
    });

    it('sizes layers once and reports the bytes images share', async () => {
      const a = await store.load(stream(dockerSave([base], ['a:1'])), () => undefined);
      const b = await store.load(stream(dockerSave([base, top], ['b:1'])), () => undefined);
      const ia = store.resolve('a:1');
      const ib = store.resolve('b:1');
      expect(a).toHaveLength(1);
      expect(b).toHaveLength(1);
      const du = store.diskUsage();
      expect(du.layersSize).toBe(ib.size);
      expect(du.sharedSize.get(ia.id)).toBe(ia.size);
      expect(du.sharedSize.get(ib.id)).toBe(ia.size);
      expect(ib.size).toBeGreaterThan(ia.size);
    });

    it('reports a load whose layer does not match its config', async () => {
      const bad = dockerSave([base], ['bad:1'], { rootfs: { type: 'layers', diff_ids: [sha256('other')] } });
      await expect(store.load(stream(bad), () => undefined)).rejects.toThrow(/invalid diffID for layer 0/);
      expect(store.get('bad:1')).toBeUndefined();
    });

    it('removes as docker rmi: untag first, then the image and its layers', async () => {
      const img = await store.importTar(stream(base), { ref: 'a:1' });
      store.tag('a:1', 'b', '1');
      await expectError(
        store.remove(img.id, { force: false }),
        'conflict',
        `conflict: unable to delete ${img.id.slice(7, 19)} (must be forced) - image is referenced in multiple repositories`,
      );
      expect(await store.remove('a:1', { force: false })).toEqual([{ Untagged: 'a:1' }]);
      expect(await store.remove('b:1', { force: false })).toEqual([
        { Untagged: 'b:1' },
        { Deleted: img.id },
        { Deleted: sha256(base) },
      ]);
      expect(store.list()).toEqual([]);
      await expectError(store.remove('b:1', { force: false }), 'not-found', 'No such image: b:1');
    });

    it('logs image events as moby: tag then import, load, tag, untag per name, then delete', async () => {
      const img = await store.importTar(stream(base), { ref: 'a:1', changes: ['LABEL tier=gold'] });
      store.tag('a:1', 'b', '2');
      await store.load(stream(dockerSave([base, top], ['c:1'])), () => undefined);
      const loaded = store.resolve('c:1');
      await store.remove('c:1', { force: false });
      await store.remove(img.id, { force: true });
      const labels = { tier: 'gold' };
      expect(h.events).toEqual([
        { action: 'tag', id: img.id, attributes: { ...labels, name: 'a:1' } },
        { action: 'import', id: img.id, attributes: { ...labels, name: img.id } },
        { action: 'tag', id: img.id, attributes: { ...labels, name: 'b:2' } },
        { action: 'load', id: loaded.id, attributes: { tier: 'gold', name: loaded.id } },
        { action: 'untag', id: loaded.id, attributes: { tier: 'gold', name: loaded.id } },
        { action: 'delete', id: loaded.id, attributes: { name: loaded.id } },
        { action: 'untag', id: img.id, attributes: { ...labels, name: img.id } },
        { action: 'untag', id: img.id, attributes: { ...labels, name: img.id } },
        { action: 'delete', id: img.id, attributes: { name: img.id } },
      ]);
    });

    it('refuses to remove what containers use, unless forced (and never while running)', async () => {
      const img = await store.importTar(stream(base), { ref: 'a:1' });
      let users: ImageUser[] = [{ id: 'c'.repeat(64), running: false }];
      const inUse = (): ImageUser[] => users;
      await expectError(
        store.remove('a:1', { force: false, inUse }),
        'conflict',
        `conflict: unable to remove repository reference "a:1" (must force) - container cccccccccccc is using its referenced image ${img.id.slice(7, 19)}`,
      );
      await expectError(
        store.remove(img.id, { force: false, inUse }),
        'conflict',
        `conflict: unable to delete ${img.id.slice(7, 19)} (must be forced) - image is being used by stopped container cccccccccccc`,
      );
      users = [{ id: 'd'.repeat(64), running: true }];
      await expectError(
        store.remove(img.id, { force: true, inUse }),
        'conflict',
        `conflict: unable to delete ${img.id.slice(7, 19)} (cannot be forced) - image is being used by running container dddddddddddd`,
      );
      users = [{ id: 'c'.repeat(64), running: false }];
      const paths = store.layerPaths(img.id);
      store.setUsage({ containersUsing: () => users, layersInUse: () => paths });
      const out = await store.remove('a:1', { force: true });
      expect(out).toEqual([{ Untagged: 'a:1' }, { Deleted: img.id }]);
    });

    it('keeps images and names across a restart', async () => {
      const img = await store.importTar(stream(base), { ref: 'keep:1' });
      store = await h.reopen();
      expect(store.resolve('keep:1').id).toBe(img.id);
      expect(store.layerPaths(img.id)).toHaveLength(1);
    });
  });
}
