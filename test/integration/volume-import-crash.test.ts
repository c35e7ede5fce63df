import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createWriteStream } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineClient } from '../../src/client/engine-client.js';
import { VolumeArchiveApi } from '../../src/client/volume-archive-api.js';
import { startStrata, strataUnavailableReason, type StrataDaemon } from '../helpers/strata-daemon.js';
import { snapshotTree, type TreeSnapshot } from '../helpers/tree-snapshot.js';

// kill -9 of the daemon at random moments of imports (replacing the content of a directory volume
// and of a bind-mounted one — a filesystem mounted on `_data` — and making a new volume): after the restart every volume holds exactly its
// old or exactly its new content, no work directory or journal is left, and a volume an import was
// making is either absent or complete.

const skip =
  strataUnavailableReason() ?? (process.getuid?.() === 0 ? undefined : 'bind-mounted volumes need root');

const client = (d: StrataDaemon): EngineClient => new EngineClient({ host: `unix://${d.socket}` });
const api = (d: StrataDaemon): VolumeArchiveApi => new VolumeArchiveApi(client(d));

describe.skipIf(skip !== undefined)(`volume import crash safety${skip ? ` — skipped: ${skip}` : ''}`, () => {
  const rounds = 10;
  let d: StrataDaemon;
  let scratch: string;
  const archives: Record<'old' | 'new', string> = { old: '', new: '' };
  const contents: Record<'old' | 'new', TreeSnapshot> = { old: {}, new: {} };

  beforeAll(async () => {
    d = await startStrata();
    scratch = mkdtempSync(join(tmpdir(), 'strata-import-crash-'));
    // Two contents, the new one large enough for kills to land inside its import.
    for (const kind of ['old', 'new'] as const) {
      const v = await client(d).createVolume({ Name: `make-${kind}` });
      const files = kind === 'old' ? 50 : 3000;
      for (let i = 0; i < files; i++)
        writeFileSync(join(v.Mountpoint, `${kind}-${i}`), `${kind} ${i}\n`.repeat(20));
      if (kind === 'new') writeFileSync(join(v.Mountpoint, 'big'), Buffer.alloc(48 << 20, 7));
      archives[kind] = join(scratch, `${kind}.tar`);
      await pipeline(await api(d).export(v.Name), createWriteStream(archives[kind]));
      contents[kind] = snapshotTree(v.Mountpoint, { rootAttrs: false, xattrs: false });
      await client(d).removeVolume(v.Name);
    }
  }, 120_000);
  afterAll(async () => {
    await d?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  const which = (snap: TreeSnapshot): 'old' | 'new' | 'torn' => {
    const s = JSON.stringify(snap);
    if (s === JSON.stringify(contents.old)) return 'old';
    if (s === JSON.stringify(contents.new)) return 'new';
    return 'torn';
  };

  it('leaves old or new content, never a mix, and no leftovers', async () => {
    const c = client(d);
    await c.createVolume({ Name: 'dirvol' });
    const bindSource = join(scratch, 'bind-source');
    mkdirSync(bindSource);
    await c.createVolume({ Name: 'bindvol', DriverOpts: { type: 'none', o: 'bind', device: bindSource } });
    // A bind volume's content lives in its source (the mount is gone when the daemon is not using it).
    const dataOf = async (name: string): Promise<string> =>
      name === 'bindvol' ? bindSource : (await client(d).inspectVolume(name)).Mountpoint;
    const state: Record<string, 'old' | 'new'> = {};
    for (const name of ['dirvol', 'bindvol']) {
      await api(d).import(name, createReadStream(archives.old));
      state[name] = 'old';
    }
    // How long the three imports of a round take when nothing stops them: kills are spread over it.
    const t0 = Date.now();
    await Promise.all([
      api(d).import('timing-1', createReadStream(archives.new)),
      api(d).import('timing-2', createReadStream(archives.new)),
      api(d).import('timing-3', createReadStream(archives.new)),
    ]);
    const span = Date.now() - t0;
    const outcomes = new Set<string>();
    for (let round = 0; round < rounds; round++) {
      const a = api(d);
      const runs = ['dirvol', 'bindvol'].map((name) => {
        const next = state[name] === 'old' ? 'new' : 'old';
        return a.import(name, createReadStream(archives[next]), { replace: true }).then(
          () => 'done',
          () => 'cut',
        );
      });
      runs.push(
        a.import(`fresh-${round}`, createReadStream(archives.new)).then(
          () => 'done',
          () => 'cut',
        ),
      );
      await new Promise((r) => setTimeout(r, 10 + Math.random() * span * 1.3));
      await d.kill9();
      await Promise.all(runs);
      await d.restart();

      const imports = join(d.dataRoot, 'imports');
      expect(existsSync(imports) ? readdirSync(imports) : [], `round ${round}`).toEqual([]);
      for (const name of ['dirvol', 'bindvol']) {
        const data = await dataOf(name);
        expect(
          readdirSync(data).filter((e) => e.startsWith('.strata-import-')),
          `${name} ${round}`,
        ).toEqual([]);
        const got = which(snapshotTree(data, { rootAttrs: false, xattrs: false }));
        expect(got, `${name} in round ${round}`).not.toBe('torn');
        outcomes.add(`${state[name]}->${got}`);
        state[name] = got as 'old' | 'new';
      }
      const fresh = ((await client(d).listVolumes()).Volumes ?? []).find((v) => v.Name === `fresh-${round}`);
      if (fresh) {
        expect(
          which(snapshotTree(fresh.Mountpoint, { rootAttrs: false, xattrs: false })),
          `fresh-${round}`,
        ).toBe('new');
        outcomes.add('fresh made');
      } else outcomes.add('fresh absent');
    }
    // Kills must have landed both before and after imports finished.
    expect([...outcomes].some((o) => o === 'old->old' || o === 'new->new' || o === 'fresh absent')).toBe(
      true,
    );
    expect([...outcomes].some((o) => o === 'old->new' || o === 'new->old' || o === 'fresh made')).toBe(true);
  }, 300_000);
});
