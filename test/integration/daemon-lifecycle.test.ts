import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DaemonError, EngineClient } from '../../src/client/engine-client.js';
import { STRATA_BIN, startStrata, type StrataDaemon } from '../helpers/strata-daemon.js';

const running: StrataDaemon[] = [];
async function daemon(opts: Parameters<typeof startStrata>[0] = {}): Promise<StrataDaemon> {
  const d = await startStrata(opts);
  running.push(d);
  return d;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((d) => d.stop()));
});

const client = (d: StrataDaemon) => new EngineClient({ host: `unix://${d.socket}` });

/** Volume names on disk and in the catalog (read with the daemon stopped). */
function diskAndCatalog(root: string): { disk: string[]; catalog: string[] } {
  const disk = readdirSync(join(root, 'volumes')).sort();
  const db = new Database(join(root, 'strata.db'), { readonly: true });
  const catalog = (db.prepare('SELECT name FROM volumes ORDER BY name').all() as { name: string }[]).map(
    (r) => r.name,
  );
  db.close();
  return { disk, catalog: catalog.sort() };
}

describe('daemon lifecycle', () => {
  it('listens on a 0660 socket, lays out the data root, and stops cleanly on SIGTERM', async () => {
    const d = await daemon();
    expect(statSync(d.socket).mode & 0o777).toBe(0o660);
    expect(existsSync(join(d.dataRoot, 'strata.db'))).toBe(true);
    expect(statSync(join(d.dataRoot, 'volumes')).mode & 0o777).toBe(0o701);
    await client(d).createVolume({ Name: 'v1' });
    await d.kill9();
    expect(existsSync(d.socket)).toBe(true);
    await d.restart();
    expect((await client(d).inspectVolume('v1')).Name).toBe('v1');
    await d.restart();
    expect(d.lastExit).toBeUndefined();
    const pidBefore = d.pid;
    process.kill(pidBefore, 'SIGTERM');
    await new Promise((r) => setTimeout(r, 1500));
    expect(existsSync(d.socket)).toBe(false);
    expect(existsSync(join(d.dataRoot, 'strata.pid'))).toBe(false);
  });

  it('refuses a second daemon on the same socket or data root', async () => {
    const d = await daemon();
    const r = spawnSync(
      process.execPath,
      [STRATA_BIN, 'daemon', '--host', `unix://${d.socket}`, '--data-root', join(d.dir, 'other-root')],
      { encoding: 'utf8', timeout: 20_000 },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`another daemon is already listening on ${d.socket}`);
    const r2 = spawnSync(
      process.execPath,
      [STRATA_BIN, 'daemon', '--host', `unix://${join(d.dir, 'second.sock')}`, '--data-root', d.dataRoot],
      { encoding: 'utf8', timeout: 20_000 },
    );
    expect(r2.status).toBe(1);
    expect(r2.stderr).toContain('pid file found, ensure strata is not running');
    expect((await client(d).listVolumes()).Volumes).toEqual([]);
  });

  it('runs with --durability power (every commit and directory change fsynced) and refuses unknown modes', async () => {
    const d = await daemon({ args: ['--durability', 'power'] });
    const c = client(d);
    await c.createVolume({ Name: 'synced', Labels: { a: '1' } });
    await d.kill9();
    await d.restart();
    expect((await client(d).inspectVolume('synced')).Labels).toEqual({ a: '1' });
    await client(d).removeVolume('synced');
    const r = spawnSync(process.execPath, [STRATA_BIN, 'daemon', '--durability', 'sometimes'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(125);
    expect(r.stderr).toContain('invalid durability: sometimes (crash, power)');
  });

  it('keeps volumes, labels and options across a restart', async () => {
    const d = await daemon();
    const c = client(d);
    await c.createVolume({ Name: 'plain' });
    await c.createVolume({ Name: 'labelled', Labels: { a: '1', b: '' } });
    await c.createVolume({ Name: 'empty-maps', Labels: {}, DriverOpts: {} });
    await c.createVolume({ Name: 'tmp', DriverOpts: { type: 'tmpfs', device: 'tmpfs', o: 'size=1m' } });
    const anon = await c.createVolume({});
    const before = (await c.listVolumes()).Volumes.sort((a, b) => a.Name.localeCompare(b.Name));
    await d.restart();
    const after = (await client(d).listVolumes()).Volumes.sort((a, b) => a.Name.localeCompare(b.Name));
    expect(after).toEqual(before);
    expect(after.find((v) => v.Name === 'empty-maps')).toMatchObject({ Labels: {}, Options: {} });
    expect(after.find((v) => v.Name === anon.Name)?.Labels).toEqual({ 'com.docker.volume.anonymous': '' });
  });

  it('loses nothing acknowledged when killed -9 during a stream of creates and removes', async () => {
    const d = await daemon();
    const acknowledgedCreates = new Set<string>();
    const acknowledgedRemoves = new Set<string>();
    // A remove sent but not answered when the daemon died may or may not have happened.
    const attemptedRemoves = new Set<string>();
    let n = 0;
    for (let round = 0; round < 6; round++) {
      const c = client(d);
      let stop = false;
      const worker = async (w: number): Promise<void> => {
        while (!stop) {
          const name = `crash-${round}-${w}-${n++}`;
          try {
            await c.createVolume({ Name: name, Labels: { round: String(round) } });
            acknowledgedCreates.add(name);
            if (n % 3 === 0) {
              attemptedRemoves.add(name);
              await c.removeVolume(name);
              acknowledgedRemoves.add(name);
            }
          } catch (err) {
            if (err instanceof DaemonError) throw err;
            return; // the daemon died under us: this request was never acknowledged
          }
        }
      };
      const workers = [0, 1, 2, 3].map(worker);
      await new Promise((r) => setTimeout(r, 150 + Math.random() * 250));
      await d.kill9();
      stop = true;
      await Promise.all(workers);
      await d.restart();
      const listed = new Set((await client(d).listVolumes()).Volumes.map((v) => v.Name));
      for (const name of acknowledgedCreates) {
        if (acknowledgedRemoves.has(name)) expect(listed.has(name), `${name} was removed`).toBe(false);
        else if (!attemptedRemoves.has(name)) expect(listed.has(name), `${name} was created`).toBe(true);
      }
      for (const name of listed) expect((await client(d).inspectVolume(name)).Labels).not.toBeUndefined();
    }
    expect(acknowledgedCreates.size).toBeGreaterThan(20);
    await d.kill9();
    await d.restart();
    await d.kill9();
    // With the daemon down, what the catalog holds is exactly what is on disk.
    const { disk, catalog } = diskAndCatalog(d.dataRoot);
    expect(disk).toEqual(catalog);
  });
});
