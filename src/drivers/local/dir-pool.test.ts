import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DirPool } from './dir-pool.js';

describe('DirPool', () => {
  let base: string;
  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'strata-pool-'));
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('fills up in the background and hands out complete pairs with volume modes', async () => {
    const pool = new DirPool(join(base, 'pool'), 8);
    pool.init();
    await pool.drained();
    expect(readdirSync(join(base, 'pool'))).toHaveLength(8);
    const dest = join(base, 'vol');
    expect(pool.take(dest)).toBe(true);
    expect(statSync(dest).mode & 0o777).toBe(0o701);
    expect(statSync(join(dest, '_data')).mode & 0o777).toBe(0o755);
    await pool.drained();
    expect(readdirSync(join(base, 'pool'))).toHaveLength(7); // refills only once below half
    for (let i = 0; i < 4; i++) expect(pool.take(join(base, `more-${i}`))).toBe(true);
    await pool.drained();
    expect(readdirSync(join(base, 'pool'))).toHaveLength(8);
  });

  it('keeps its entry when the destination is refused, and says so', async () => {
    const pool = new DirPool(join(base, 'pool'), 4);
    pool.init();
    await pool.drained();
    mkdirSync(join(base, 'busy', 'content'), { recursive: true });
    expect(pool.take(join(base, 'busy'))).toBe(false);
    expect(pool.take(join(base, 'x'.repeat(300)))).toBe(false);
    expect(readdirSync(join(base, 'pool'))).toHaveLength(4);
    expect(pool.take(join(base, 'ok'))).toBe(true);
  });

  it('drops entries a crash left without _data', async () => {
    mkdirSync(join(base, 'pool', 'half-made'), { recursive: true });
    mkdirSync(join(base, 'pool', 'whole', '_data'), { recursive: true });
    const pool = new DirPool(join(base, 'pool'), 2);
    pool.init();
    await pool.drained();
    expect(existsSync(join(base, 'pool', 'half-made'))).toBe(false);
    expect(existsSync(join(base, 'pool', 'whole'))).toBe(true);
  });
});
