import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ArchiveVolumes } from './archive-volumes.js';
import { ImportJournals, workDir } from './import-swap.js';
import { settleImports } from './volume-import.js';

// Start-up settling of imports a crash cut short, at each journalled phase, over a plain directory
// standing in for a mounted volume.

let root: string;
let data: string;
let removed: string[];
let journals: ImportJournals;

const volumes = (): ArchiveVolumes => ({
  get: (name) => ({ name, driver: 'local', labels: null, options: null }),
  has: (name) => name === 'v' && !removed.includes(name),
  create: () => Promise.reject(new Error('not here')),
  remove: (name) => {
    removed.push(name);
    return Promise.resolve();
  },
  mount: () => Promise.resolve(data),
  unmount: () => Promise.resolve(),
  hold: () => () => undefined,
  withNameLock: (_n, fn) => fn(),
});

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'strata-settle-'));
  data = join(root, 'data');
  mkdirSync(data);
  removed = [];
  journals = new ImportJournals(join(root, 'imports'), false);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** The volume holding old files a, b; an import staged new files b, c. */
function staged(token: string): void {
  writeFileSync(join(data, 'a'), 'old a');
  writeFileSync(join(data, 'b'), 'old b');
  const fresh = join(workDir(data, token), 'new');
  mkdirSync(fresh, { recursive: true });
  writeFileSync(join(fresh, 'b'), 'new b');
  writeFileSync(join(fresh, 'c'), 'new c');
}

const contents = (): string[] => readdirSync(data).sort();
const settle = (): Promise<void> =>
  settleImports({ volumes: volumes(), journals, durable: false }, () => undefined);

describe('settleImports', () => {
  it('undoes a staging import: the work directory goes, the old content stays', async () => {
    staged('t1');
    journals.write({ volume: 'v', token: 't1', created: false, phase: 'staging' });
    await settle();
    expect(contents()).toEqual(['a', 'b']);
    expect(journals.list()).toEqual([]);
    expect(removed).toEqual([]);
  });

  it('removes a volume a staging import was making', async () => {
    staged('t2');
    journals.write({ volume: 'v', token: 't2', created: true, phase: 'staging' });
    await settle();
    expect(removed).toEqual(['v']);
  });

  it('finishes a swap cut short in swap-out (some old entries moved) or in swap-in', async () => {
    staged('t3');
    mkdirSync(join(workDir(data, 't3'), 'old'));
    renameSync(join(data, 'a'), join(workDir(data, 't3'), 'old', 'a'));
    journals.write({ volume: 'v', token: 't3', created: false, phase: 'swap-out' });
    await settle();
    expect(contents()).toEqual(['b', 'c']);

    staged('t4');
    rmSync(join(data, 'a'));
    mkdirSync(join(workDir(data, 't4'), 'old'));
    renameSync(join(data, 'b'), join(workDir(data, 't4'), 'old', 'b'));
    renameSync(join(workDir(data, 't4'), 'new', 'b'), join(data, 'b'));
    journals.write({ volume: 'v', token: 't4', created: false, phase: 'swap-in' });
    await settle();
    expect(contents()).toEqual(['b', 'c']);
    expect(journals.list()).toEqual([]);
  });
});
