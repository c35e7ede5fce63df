/**
 * How long a rootfs mounted by a create stays mounted for the start that usually follows (docker
 * run starts within milliseconds, compose within a second or so); after that it is unmounted.
 */
export const PARK_MS = 2000;

/**
 * Containers whose rootfs a create left mounted for their start (cleanup with startExpected): the
 * token of the pending unmount, which prepare(), cleanup() and remove() take back (unpark).
 */
export class RootfsParking {
  private readonly parked = new Map<string, { timer: NodeJS.Timeout }>();

  constructor(private readonly ms: number = PARK_MS) {}

  /**
   * Keeps a container's rootfs parked until unpark() takes it back, or calls `expire` after the
   * parking time. `expire` gets `claim`, which is true (and ends the parking) only if this parking is
   * still the one in place: the caller claims under the container's lock, so a prepare queued before
   * the unmount keeps its mount.
   */
  park(id: string, expire: (claim: () => boolean) => void): void {
    const token = {
      timer: setTimeout(() => {
        expire(() => {
          if (this.parked.get(id) !== token) return false;
          this.parked.delete(id);
          return true;
        });
      }, this.ms),
    };
    token.timer.unref();
    this.parked.set(id, token);
  }

  /** Takes back a pending unmount; whether there was one. Call under the container's lock. */
  unpark(id: string): boolean {
    const token = this.parked.get(id);
    if (!token) return false;
    clearTimeout(token.timer);
    this.parked.delete(id);
    return true;
  }

  /** The containers parked now. */
  ids(): string[] {
    return [...this.parked.keys()];
  }
}
