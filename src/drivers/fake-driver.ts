import { EngineError, conflict, invalidParameter, messages, notFound, systemError } from '../errors/index.js';
import type { DriverCapabilities, DriverVolume, VolumeDriver } from './volume-driver.js';
import { FakeSnapshots, type FakeContent } from './fake-snapshots.js';

/**
 * An in-memory driver for unit tests (and the stand-in for a plugin driver). Passes the same
 * contract suite as the local driver. Options are accepted as given; `fail=<text>` makes create fail.
 * `canRename: false` leaves `rename` out, as a plugin driver has none; `canCopy: false` leaves out
 * `clone` and `snapshots`. A volume's data is one string (`write`/`read`), so copies can be checked.
 */
export class FakeDriver implements VolumeDriver {
  private readonly volumes = new Map<string, DriverVolume & { ids: Map<string, number> } & FakeContent>();
  private readonly scope: DriverCapabilities['scope'];

  /** Absent when made with `canRename: false`; tests may replace it to inject failures. */
  rename?: (from: string, to: string) => Promise<DriverVolume>;
  /** Absent when made with `canCopy: false`; tests may replace it to inject failures. */
  clone?: (source: string, target: string) => Promise<DriverVolume>;
  readonly snapshots?: FakeSnapshots;

  constructor(
    readonly name = 'fake',
    options: {
      scope?: DriverCapabilities['scope'];
      now?: () => number;
      canRename?: boolean;
      canCopy?: boolean;
    } = {},
  ) {
    this.scope = options.scope ?? 'local';
    this.now = options.now ?? Date.now;
    if (options.canRename !== false) this.rename = (from, to) => this.move(from, to);
    if (options.canCopy !== false) {
      this.clone = (source, target) => this.copy(source, target);
      this.snapshots = new FakeSnapshots((name) => this.volumes.get(name), this.now);
    }
  }

  private readonly now: () => number;

  capabilities(): DriverCapabilities {
    return { scope: this.scope };
  }

  async create(name: string, options: Readonly<Record<string, string>> | null): Promise<DriverVolume> {
    checkName(name);
    if (options?.fail !== undefined) throw invalidParameter(options.fail);
    const existing = this.volumes.get(name);
    if (existing) return this.view(existing);
    const vol = {
      name,
      mountpoint: this.path(name),
      createdAt: Math.floor(this.now() / 1000) * 1000,
      ids: new Map<string, number>(),
      content: '',
      snapshots: new Map(),
    };
    this.volumes.set(name, vol);
    return this.view(vol);
  }

  get(name: string): DriverVolume | undefined {
    const vol = this.volumes.get(name);
    return vol && this.view(vol);
  }

  list(): DriverVolume[] {
    return [...this.volumes.values()].map((v) => this.view(v));
  }

  async remove(name: string): Promise<void> {
    const vol = this.volumes.get(name);
    if (!vol) return;
    if (vol.ids.size > 0) throw systemError(messages.activeMounts);
    this.volumes.delete(name);
  }

  async mount(name: string, id: string): Promise<string> {
    const vol = this.volumes.get(name);
    if (!vol) throw new EngineError('not-found', messages.noSuchVolume);
    vol.ids.set(id, (vol.ids.get(id) ?? 0) + 1);
    return vol.mountpoint;
  }

  async unmount(name: string, id: string): Promise<void> {
    const vol = this.volumes.get(name);
    const n = vol?.ids.get(id);
    if (!vol || n === undefined) return;
    if (n > 1) vol.ids.set(id, n - 1);
    else vol.ids.delete(id);
  }

  /** An in-memory driver never outlives its mounts' ids, so nothing is ever idle. */
  async unmountIdle(): Promise<string[]> {
    return [];
  }

  path(name: string): string {
    return `/fake/${this.name}/${name}`;
  }

  private async move(from: string, to: string): Promise<DriverVolume> {
    checkName(to);
    const vol = this.volumes.get(from);
    if (!vol) throw notFound(messages.noSuchVolume);
    if (this.volumes.has(to)) throw conflict(messages.volumeExists(to));
    if (vol.ids.size > 0) throw conflict(messages.activeMounts);
    const moved = { ...vol, name: to, mountpoint: this.path(to) };
    this.volumes.delete(from);
    this.volumes.set(to, moved);
    return this.view(moved);
  }

  private async copy(source: string, target: string): Promise<DriverVolume> {
    checkName(target);
    const vol = this.volumes.get(source);
    if (!vol) throw notFound(messages.noSuchVolume);
    if (this.volumes.has(target)) throw conflict(messages.volumeExists(target));
    const made = {
      name: target,
      mountpoint: this.path(target),
      createdAt: Math.floor(this.now() / 1000) * 1000,
      ids: new Map<string, number>(),
      content: vol.content,
      snapshots: new Map(),
    };
    this.volumes.set(target, made);
    return this.view(made);
  }

  /** Sets a volume's data (tests). */
  write(name: string, content: string): void {
    const vol = this.volumes.get(name);
    if (!vol) throw notFound(messages.noSuchVolume);
    vol.content = content;
  }

  /** A volume's data (tests); undefined when the volume is not held. */
  read(name: string): string | undefined {
    return this.volumes.get(name)?.content;
  }

  /** Forgets a volume behind the engine's back, as a vanished plugin volume would. */
  vanish(name: string): void {
    this.volumes.delete(name);
  }

  private view(vol: DriverVolume): DriverVolume {
    return { name: vol.name, mountpoint: vol.mountpoint, createdAt: vol.createdAt };
  }
}

/** The fake's only name rule, shared by create and rename. */
function checkName(name: string): void {
  if (name === '') throw invalidParameter('volume name is required');
}
