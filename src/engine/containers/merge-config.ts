import type { ImageConfig } from '../../images/image-store.js';
import { invalidParameter } from '../../errors/index.js';
import type { ContainerConfig } from './container-record.js';

/**
 * moby daemon/commit.go merge: the image's config fills what the container's does not say. Env is
 * the image's, overridden key by key; Volumes, ExposedPorts and Labels are unions; Cmd comes from the
 * image only when neither Cmd nor Entrypoint was given.
 */
export function mergeImageConfig(config: ContainerConfig, image: ImageConfig): ContainerConfig {
  const out: ContainerConfig = { ...config };
  if (!out.User) out.User = image.User ?? '';
  if (!out.WorkingDir) out.WorkingDir = image.WorkingDir ?? '';
  const env = [...(image.Env ?? [])];
  for (const e of config.Env ?? []) {
    const key = e.split('=')[0];
    const i = env.findIndex((x) => x.split('=')[0] === key);
    if (i >= 0) env[i] = e;
    else env.push(e);
  }
  out.Env = env;
  const noCmd = !config.Cmd || config.Cmd.length === 0;
  const noEntrypoint = !config.Entrypoint || config.Entrypoint.length === 0;
  out.Cmd = noCmd && noEntrypoint ? (image.Cmd ?? null) : (config.Cmd ?? null);
  out.Entrypoint = noEntrypoint ? (image.Entrypoint ?? null) : (config.Entrypoint ?? null);
  out.Volumes = { ...(image.Volumes ?? {}), ...(config.Volumes ?? {}) };
  out.ExposedPorts = { ...(image.ExposedPorts ?? {}), ...(config.ExposedPorts ?? {}) };
  out.Labels = { ...(image.Labels ?? {}), ...(config.Labels ?? {}) };
  if (!out.StopSignal && image.StopSignal) out.StopSignal = image.StopSignal;
  return out;
}

/** Path and Args of the process: entrypoint then command (moby getEntrypointAndArgs). */
export function entrypointAndArgs(config: ContainerConfig): { path: string; args: string[] } {
  const argv = [...(config.Entrypoint ?? []), ...(config.Cmd ?? [])];
  if (argv.length === 0) throw invalidParameter('No command specified');
  return { path: argv[0] as string, args: argv.slice(1) };
}
