import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The parts of docker's client config.json Strata's CLI honours. */
export interface ClientConfig {
  volumesFormat?: string;
  pruneFilters?: string[];
  psFormat?: string;
  imagesFormat?: string;
  /** The key sequence that detaches from a container (`ctrl-p,ctrl-q` when unset). */
  detachKeys?: string;
}

/** `--config DIR`, else DOCKER_CONFIG, else ~/.docker (docker/cli config.Dir). Missing or broken = empty. */
export function loadClientConfig(
  configDir: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): ClientConfig {
  const dir = configDir ?? env.DOCKER_CONFIG ?? join(homedir(), '.docker');
  try {
    return JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as ClientConfig;
  } catch {
    return {};
  }
}
