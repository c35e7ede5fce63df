/**
 * Image configs on disk, as moby's image store keeps them: `<root>/imagedb/content/sha256/<hex>`
 * holds the config bytes exactly as received (the id is their sha256), `…/metadata/sha256/<hex>/
 * lastUpdated` the last tag time. Every write is atomic; a config whose bytes do not match its name
 * (never written by this code) is dropped at load.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isAtomicTemp, syncDirectory, writeFileAtomic } from './atomic-file.js';
import { digestHex, sha256Digest } from './digest.js';
import type { ConfigBackend, StoredConfig } from './image-backends.js';

export class DiskConfigStore implements ConfigBackend {
  private readonly content: string;
  private readonly metadata: string;

  constructor(root: string) {
    this.content = join(root, 'imagedb', 'content', 'sha256');
    this.metadata = join(root, 'imagedb', 'metadata', 'sha256');
    mkdirSync(this.content, { recursive: true, mode: 0o700 });
    mkdirSync(this.metadata, { recursive: true, mode: 0o700 });
  }

  loadAll(): StoredConfig[] {
    const out: StoredConfig[] = [];
    for (const name of readdirSync(this.content)) {
      const file = join(this.content, name);
      if (isAtomicTemp(name) || !/^[a-f0-9]{64}$/.test(name)) {
        rmSync(file, { force: true });
        continue;
      }
      const bytes = readFileSync(file);
      const id = `sha256:${name}`;
      if (sha256Digest(bytes) !== id) {
        rmSync(file, { force: true });
        continue;
      }
      let lastTagTime = '';
      try {
        lastTagTime = readFileSync(join(this.metadata, name, 'lastUpdated'), 'utf8').trim();
      } catch {
        // never tagged
      }
      out.push({ id, bytes, lastTagTime });
    }
    return out;
  }

  save(id: string, bytes: Buffer): void {
    const file = join(this.content, digestHex(id));
    if (existsSync(file)) return;
    writeFileAtomic(file, bytes);
  }

  setLastTagTime(id: string, time: string): void {
    const dir = join(this.metadata, digestHex(id));
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileAtomic(join(dir, 'lastUpdated'), time);
  }

  delete(id: string): void {
    rmSync(join(this.content, digestHex(id)), { force: true });
    syncDirectory(this.content);
    rmSync(join(this.metadata, digestHex(id)), { recursive: true, force: true });
  }
}
