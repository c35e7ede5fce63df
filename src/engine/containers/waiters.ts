/**
 * Who waits for what of a container: the next exit (`docker wait`, `stop`, attach-and-run) or its
 * removal (`--rm` runs, `wait?condition=removed`). Both resolve with the exit code.
 */
export class Waiters {
  private readonly onExit = new Map<string, Array<(code: number) => void>>();
  private readonly onRemoved = new Map<string, Array<(code: number) => void>>();

  next(id: string): Promise<number> {
    return new Promise((resolve) => push(this.onExit, id, resolve));
  }

  removed(id: string): Promise<number> {
    return new Promise((resolve) => push(this.onRemoved, id, resolve));
  }

  exited(id: string, code: number): void {
    drain(this.onExit, id, code);
  }

  removedNow(id: string, code: number): void {
    drain(this.onExit, id, code);
    drain(this.onRemoved, id, code);
  }
}

function push(map: Map<string, Array<(code: number) => void>>, id: string, fn: (code: number) => void): void {
  const list = map.get(id) ?? [];
  list.push(fn);
  map.set(id, list);
}

function drain(map: Map<string, Array<(code: number) => void>>, id: string, code: number): void {
  const list = map.get(id);
  map.delete(id);
  for (const fn of list ?? []) fn(code);
}
