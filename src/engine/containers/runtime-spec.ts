import { EngineError, invalidParameter, messageOf } from '../../errors/index.js';
import type { ContainerRuntimeSpec, MountSpec } from '../../runtime/container-runtime.js';
import type { ContainerRecord } from './container-record.js';

/** What the runtime needs to run a container record. */
export function runtimeSpecFor(
  rec: ContainerRecord,
  layers: string[],
  mounts: MountSpec[],
): ContainerRuntimeSpec {
  const network = rec.HostConfig.NetworkMode === 'host' ? 'host' : 'none';
  const size = rec.HostConfig.ConsoleSize as [number, number] | undefined;
  return {
    id: rec.Id,
    layers,
    process: {
      args: [rec.Path, ...rec.Args],
      env: rec.Config.Env ?? [],
      cwd: rec.Config.WorkingDir || '/',
      user: rec.Config.User ?? '',
      tty: !!rec.Config.Tty,
      openStdin: !!rec.Config.OpenStdin,
      stdinOnce: !!rec.Config.StdinOnce,
      ...(size && size[0] > 0 ? { consoleSize: { height: size[0], width: size[1] } } : {}),
    },
    hostname: rec.Config.Hostname || rec.Id.slice(0, 12),
    mounts,
    network,
    readonlyRootfs: !!rec.HostConfig.ReadonlyRootfs,
  };
}

/**
 * moby setExitCodeFromError: the runtime tells the exit code of a start that failed (126 cannot run,
 * 127 not found, 128 otherwise); 126/127 are the client's fault (400), others the daemon's (500).
 */
export function startFailure(err: unknown): { exitCode: number; message: string; error: Error } {
  const message = messageOf(err);
  const code = (err as { exitCode?: unknown }).exitCode;
  const exitCode = typeof code === 'number' ? code : 128;
  if (exitCode === 126 || exitCode === 127) return { exitCode, message, error: invalidParameter(message) };
  return { exitCode, message, error: err instanceof EngineError ? err : new EngineError('system', message) };
}
