import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  imageStoreContract,
  recordEvents,
  testLayer,
  type ImageEventRecord,
} from './image-store.contract.js';
import { createLocalImageStore } from './local-image-store.js';

const asRoot = process.getuid?.() === 0;
const open = (root: string, events?: ImageEventRecord[]) =>
  createLocalImageStore({
    root,
    engineVersion: 'test',
    architecture: 'amd64',
    ...(events ? { events: recordEvents(events) } : {}),
  });

imageStoreContract('local (disk)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sis-'));
  const root = join(dir, 'images');
  const events: ImageEventRecord[] = [];
  return {
    events,
    store: open(root, events),
    reopen: async () => open(root),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('local image store on disk', () => {
  it.skipIf(!asRoot)(
    'unpacks layers under layers/<hex>/diff keeping modes, and cleans partial work at start',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'sis-'));
      try {
        const root = join(dir, 'images');
        const store = open(root);
        const img = await store.importTar(Readable.from([testLayer({ 'bin/tool': '#!/bin/sh\n' })]), {
          ref: 'x:1',
        });
        const [layer] = store.layerPaths(img.id);
        expect(layer).toBe(join(root, 'layers', img.diffIds[0]?.slice(7) ?? '', 'diff'));
        expect(statSync(join(layer as string, 'bin', 'tool')).isFile()).toBe(true);
        // A crash mid-unpack leaves work in tmp/: the next start removes it.
        const partial = join(root, 'tmp', 'deadbeef', 'diff');
        const { mkdirSync } = await import('node:fs');
        mkdirSync(partial, { recursive: true });
        open(root);
        expect(readdirSync(join(root, 'tmp'))).toEqual([]);
        expect(existsSync(join(root, 'repositories.json'))).toBe(true);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
