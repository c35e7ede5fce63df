import type { ContainerRuntime, ExitStatus } from '../../runtime/container-runtime.js';
import type { MetadataStore } from '../../store/metadata-store.js';
import type { VolumeService } from '../volume-service.js';
import { remountVolumes, type MountContext } from './container-mounts.js';
import { rfc3339Nano, type ContainerRecord } from './container-record.js';
import type { ContainerServiceOptions } from './container-service.js';
import { restartsAtBoot } from './restart-policy.js';

/** What start-up recovery needs of the container service. */
export interface RecoveryContext {
  store: Pick<MetadataStore, 'listContainers'>;
  volumes: Pick<VolumeService, 'references' | 'release' | 'acquire' | 'unmountIdle'>;
  runtime: Pick<ContainerRuntime, 'recover' | 'remove'>;
  mounts: MountContext;
  /** The service's records by id and ids by name, filled here from the catalog. */
  records: Map<string, ContainerRecord>;
  byName: Map<string, string>;
  log: NonNullable<ContainerServiceOptions['log']>;
  persist(rec: ContainerRecord): void;
  watchExit(rec: ContainerRecord): void;
  handleExit(id: string, exit: ExitStatus): Promise<void>;
  /** A policy's start (moby restore restarts without forgetting earlier restarts). */
  restart(id: string): Promise<unknown>;
}

/**
 * Loads containers from the catalog and asks the runtime what became of them while the daemon was
 * away: running ones are watched again and their volumes mounted again (the filesystems are still
 * there; only the mount ids are re-registered), the rest are recorded as exited; `--rm` containers
 * that exited meanwhile are removed. Then what a crash may have left half done is settled: runtime
 * state without a record (a create cut short) is removed, volume references follow the records, and
 * volume filesystems no running container holds are unmounted.
 */
export async function recoverContainers(ctx: RecoveryContext): Promise<void> {
  for (const row of ctx.store.listContainers()) {
    const rec = row.record as unknown as ContainerRecord;
    ctx.records.set(rec.Id, rec);
    ctx.byName.set(rec.Name, rec.Id);
  }
  const known = new Map((await ctx.runtime.recover()).map((r) => [r.id, r.state]));
  for (const id of known.keys()) {
    if (ctx.records.has(id)) continue;
    ctx.log('warn', 'removing runtime state of a container that was never recorded', { id });
    await ctx.runtime
      .remove(id)
      .catch((err: unknown) => ctx.log('warn', 'could not remove it', { id, err: String(err) }));
  }
  reconcileReferences(ctx);
  const exited: Array<[ContainerRecord, ExitStatus]> = [];
  for (const rec of ctx.records.values()) {
    const state = known.get(rec.Id);
    if (state?.status === 'running') {
      rec.State = {
        ...rec.State,
        // Frozen processes stay frozen while the daemon is away.
        Status: rec.State.Paused ? 'paused' : 'running',
        Running: true,
        Pid: state.pid,
        StartedAt: state.startedAt,
      };
      await remountVolumes(ctx.mounts, rec);
      ctx.persist(rec);
      ctx.watchExit(rec);
    } else if (rec.State.Running || rec.State.Status === 'removing') {
      exited.push([
        rec,
        state?.status === 'exited' ? state : { exitCode: 255, finishedAt: rfc3339Nano(), oomKilled: false },
      ]);
    }
  }
  for (const [rec, exit] of exited) await ctx.handleExit(rec.Id, exit);
  for (const rec of ctx.records.values()) {
    if (rec.State.Running || rec.State.StartedAt.startsWith('0001-')) continue;
    const p = rec.HostConfig.RestartPolicy;
    if (!restartsAtBoot(p, rec.State.ExitCode, !!rec.HasBeenManuallyStopped, rec.RestartCount)) continue;
    await ctx
      .restart(rec.Id)
      .catch((err: unknown) =>
        ctx.log('warn', 'could not restart a container at start-up', { id: rec.Id, err: String(err) }),
      );
  }
  const idle = await ctx.volumes.unmountIdle();
  if (idle.length > 0) ctx.log('info', 'unmounted volumes no container holds', { volumes: idle });
}

/**
 * Makes the volume references what the records say: a crash between a reference and the record it
 * belongs to (create, remove) leaves one without the other.
 */
function reconcileReferences(ctx: RecoveryContext): void {
  for (const { name, ref } of ctx.volumes.references()) {
    if (ctx.records.has(ref)) continue;
    ctx.log('warn', 'dropping a reference of a container that does not exist', { volume: name, ref });
    ctx.volumes.release(name, ref);
  }
  for (const rec of ctx.records.values()) {
    for (const mp of Object.values(rec.MountPoints)) {
      if (mp.Type !== 'volume') continue;
      try {
        ctx.volumes.acquire(mp.Name, rec.Id);
      } catch {
        ctx.log('warn', 'a volume of a container is gone', { volume: mp.Name, id: rec.Id });
      }
    }
  }
}
