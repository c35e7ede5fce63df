/**
 * Encoded answers kept for reuse while the data behind them is unchanged: an entry holds for one
 * generation of the backend (see VolumeBackend.generation). A few keys, least recently used first out.
 */
export class AnswerCache {
  private readonly entries = new Map<string, { generation: number; body: Buffer }>();

  constructor(private readonly capacity: number) {}

  get(key: string, generation: number): Buffer | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.generation !== generation) {
      this.entries.delete(key);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.body;
  }

  set(key: string, generation: number, body: Buffer): void {
    this.entries.delete(key);
    this.entries.set(key, { generation, body });
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}
