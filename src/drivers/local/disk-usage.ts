import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Docker's volume size (moby internal/directory Size): the apparent sizes (`st_size`) of every
 * non-directory entry below `dir`, from lstat (symlinks count their own length), each inode once so a
 * hardlinked file counts once. Entries that vanish during the walk are ignored.
 */
export async function directorySize(dir: string): Promise<number> {
  const seen = new Set<bigint>();
  let total = 0;
  const pending: string[] = [dir];
  while (pending.length > 0) {
    const batch = pending.splice(0, 64);
    await Promise.all(
      batch.map(async (d) => {
        let entries;
        try {
          entries = await readdir(d, { withFileTypes: true });
        } catch (err) {
          if (d !== dir && (err as NodeJS.ErrnoException).code === 'ENOENT') return;
          throw err;
        }
        await Promise.all(
          entries.map(async (e) => {
            const p = join(d, e.name);
            if (e.isDirectory()) {
              pending.push(p);
              return;
            }
            let st;
            try {
              st = await lstat(p, { bigint: true });
            } catch (err) {
              if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
              throw err;
            }
            if (st.size === 0n || seen.has(st.ino)) return;
            seen.add(st.ino);
            total += Number(st.size);
          }),
        );
      }),
    );
  }
  return total;
}
