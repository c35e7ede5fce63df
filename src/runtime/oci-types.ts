/** The parts of the OCI runtime spec (config.json) that Strata writes. */
export interface OciMount {
  destination: string;
  type: string;
  source: string;
  options?: string[];
}

export interface OciProcess {
  terminal: boolean;
  consoleSize?: { height: number; width: number };
  user: { uid: number; gid: number; additionalGids: number[] };
  args: string[];
  env: string[];
  cwd: string;
  capabilities: { bounding: string[]; effective: string[]; permitted: string[] };
  oomScoreAdj?: number;
}

export interface OciDeviceRule {
  allow: boolean;
  type?: string;
  major?: number;
  minor?: number;
  access: string;
}

export interface OciSpec {
  ociVersion: string;
  process: OciProcess;
  root: { path: string; readonly: boolean };
  hostname: string;
  mounts: OciMount[];
  linux: {
    resources: { devices: OciDeviceRule[] };
    cgroupsPath: string;
    namespaces: Array<{ type: string }>;
    maskedPaths: string[];
    readonlyPaths: string[];
    sysctl?: Record<string, string>;
    rootfsPropagation?: string;
  };
}
