import { readFileSync } from 'node:fs';
import { cpus, hostname, release, totalmem } from 'node:os';

/** Static facts for `/info` and `/version`, read once at start. */
export interface HostFacts {
  kernelVersion: string;
  operatingSystem: string;
  osVersion: string;
  hostname: string;
  ncpu: number;
  memTotal: number;
}

export function readHostFacts(): HostFacts {
  let operatingSystem = 'Linux';
  let osVersion = '';
  try {
    const osRelease = readFileSync('/etc/os-release', 'utf8');
    operatingSystem = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(osRelease)?.[1] ?? operatingSystem;
    osVersion = /^VERSION_ID="?([^"\n]*)"?/m.exec(osRelease)?.[1] ?? '';
  } catch {
    // not every system has os-release
  }
  return {
    kernelVersion: release(),
    operatingSystem,
    osVersion,
    hostname: hostname(),
    ncpu: cpus().length,
    memTotal: totalmem(),
  };
}

/**
 * The `/info` body, in moby's system.Info field order, filled with what Strata has. Fields the
 * docker CLI prints are present so `docker info` renders fully.
 */
export function buildInfo(opts: {
  facts: HostFacts;
  id: string;
  dataRoot: string;
  engineVersion: string;
  arch: string;
  volumeDrivers: string[];
  /** Each container's status. */
  containers: string[];
  images: number;
}): Record<string, unknown> {
  const f = opts.facts;
  const count = (s: string): number => opts.containers.filter((c) => c === s).length;
  return {
    ID: opts.id,
    Containers: opts.containers.length,
    ContainersRunning: count('running'),
    ContainersPaused: count('paused'),
    ContainersStopped: opts.containers.length - count('running') - count('paused'),
    Images: opts.images,
    Driver: 'overlay2',
    DriverStatus: [],
    Plugins: {
      Volume: opts.volumeDrivers,
      Network: ['host', 'null'],
      Authorization: null,
      Log: ['json-file'],
    },
    MemoryLimit: true,
    SwapLimit: false,
    CpuCfsPeriod: true,
    CpuCfsQuota: true,
    CPUShares: true,
    CPUSet: true,
    PidsLimit: true,
    IPv4Forwarding: true,
    Debug: false,
    NFd: 0,
    OomKillDisable: false,
    NGoroutines: 0,
    SystemTime: new Date().toISOString(),
    LoggingDriver: 'json-file',
    CgroupDriver: 'cgroupfs',
    CgroupVersion: '1',
    NEventsListener: 0,
    KernelVersion: f.kernelVersion,
    OperatingSystem: f.operatingSystem,
    OSVersion: f.osVersion,
    OSType: 'linux',
    Architecture: opts.arch === 'amd64' ? 'x86_64' : opts.arch,
    IndexServerAddress: 'https://index.docker.io/v1/',
    RegistryConfig: { IndexConfigs: {}, InsecureRegistryCIDRs: ['127.0.0.0/8'], Mirrors: [] },
    NCPU: f.ncpu,
    MemTotal: f.memTotal,
    GenericResources: null,
    DockerRootDir: opts.dataRoot,
    HttpProxy: '',
    HttpsProxy: '',
    NoProxy: '',
    Name: f.hostname,
    Labels: [],
    ExperimentalBuild: false,
    ServerVersion: opts.engineVersion,
    Runtimes: { runc: { path: 'runc' } },
    DefaultRuntime: 'runc',
    Swarm: {
      NodeID: '',
      NodeAddr: '',
      LocalNodeState: 'inactive',
      ControlAvailable: false,
      Error: '',
      RemoteManagers: null,
    },
    LiveRestoreEnabled: false,
    Isolation: '',
    InitBinary: '',
    ContainerdCommit: { ID: '' },
    RuncCommit: { ID: '' },
    InitCommit: { ID: '' },
    SecurityOptions: [],
    CDISpecDirs: [],
    Warnings: null,
  };
}
