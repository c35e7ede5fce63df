import type { LocalMountOptions } from './local-options.js';

/** What the local driver holds about one volume (its directory, options and mounts). */
export interface LocalVolume {
  name: string;
  /** `<root>/<name>` */
  dir: string;
  /** `<root>/<name>/_data` */
  data: string;
  /** null: a plain `dir` volume without options (no opts.json). */
  options: LocalMountOptions | null;
  createdAt: number;
  /** Mount ids → how many times each mounted. */
  mountIds: Map<string, number>;
  /** Whether `data` currently has the volume's filesystem mounted on it. */
  mounted: boolean;
}
