import type { ExitStatus } from './container-runtime.js';
import type { AttachClient } from './monitor-client.js';

interface Waiter {
  resolve(exit: ExitStatus): void;
  reject(err: unknown): void;
}

interface Pending {
  attach: AttachClient[];
  waiters: Waiter[];
}

/** Attach clients and waiters of containers that do not run, waiting for their next start. */
export class NextStart {
  private readonly byId = new Map<string, Pending>();

  private entry(id: string): Pending {
    let p = this.byId.get(id);
    if (!p) {
      p = { attach: [], waiters: [] };
      this.byId.set(id, p);
    }
    return p;
  }

  addAttach(id: string, client: AttachClient): void {
    this.entry(id).attach.push(client);
  }

  dropAttach(id: string, client: AttachClient): void {
    const p = this.byId.get(id);
    if (p) p.attach = p.attach.filter((c) => c !== client);
  }

  addWaiter(id: string): Promise<ExitStatus> {
    return new Promise((resolve, reject) => this.entry(id).waiters.push({ resolve, reject }));
  }

  /** Everything waiting for `id`'s start, handed to that start. */
  take(id: string): Pending {
    const p = this.byId.get(id) ?? { attach: [], waiters: [] };
    this.byId.delete(id);
    return p;
  }

  /** The container is gone: attach clients end, waiters fail. */
  drop(id: string, err: unknown): void {
    const p = this.take(id);
    for (const c of p.attach) c.close();
    for (const w of p.waiters) w.reject(err);
  }
}
