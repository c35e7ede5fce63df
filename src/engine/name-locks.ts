/**
 * One lock per name (moby pkg/locker): operations on the same volume run one after another, others
 * run freely. `run` releases the lock however `fn` ends.
 */
export class NameLocks {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(name: string, fn: () => Promise<T> | T): Promise<T> {
    const prev = this.tails.get(name) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const tail = prev.then(() => mine);
    this.tails.set(name, tail);
    await prev;
    try {
      return await fn();
    } finally {
      release();
      if (this.tails.get(name) === tail) this.tails.delete(name);
    }
  }
}
