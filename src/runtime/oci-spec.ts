import { posix } from 'node:path';
import type { ContainerRuntimeSpec, MountSpec } from './container-runtime.js';
import { createDaemonEnvironment } from './docker-env.js';
import { mountOf, readMountTable, type MountEntry } from './mount-table.js';
import {
  defaultCapabilities,
  defaultDeviceRules,
  defaultMaskedPaths,
  defaultMounts,
  defaultReadonlyPaths,
  privateNetworkSysctls,
} from './oci-defaults.js';
import type { OciMount, OciSpec } from './oci-types.js';
import { mergeTmpfsOptions } from './tmpfs-options.js';
import type { OciUser } from './user-lookup.js';

export interface BundleInput {
  spec: ContainerRuntimeSpec;
  /** Absolute path of the mounted root filesystem. */
  rootfs: string;
  user: OciUser;
  /** /etc/hostname, /etc/hosts, /etc/resolv.conf: files of the container dir bound over the image's. */
  networkFiles: Array<{ destination: string; source: string }>;
  /** runc supports `rro` (recursively read-only binds) on this kernel. */
  recursiveReadonly: boolean;
  /** The host's mounts, for the propagation checks of shared and slave binds. */
  mountTable?: MountEntry[];
}

/** Where runc puts the container's cgroups (cgroupfs driver), like Docker's `/docker/<id>`. */
export const cgroupParent = '/strata';

const keepWritableOnReadonlyRootfs = new Set(['/proc', '/dev/pts', '/dev/shm', '/dev/mqueue', '/dev']);

function depth(destination: string): number {
  return posix.normalize(destination).split('/').length - 1;
}

/**
 * moby daemon/oci_linux.go ensureShared / ensureSharedOrSlave: a shared (slave) bind needs a source
 * whose mount propagates.
 */
function checkPropagation(m: MountSpec, table: MountEntry[]): void {
  const p = m.propagation ?? '';
  const wantShared = p === 'shared' || p === 'rshared';
  const wantSlave = p === 'slave' || p === 'rslave';
  if (!wantShared && !wantSlave) return;
  const mount = mountOf(m.source, table);
  const mountPoint = mount?.mountPoint ?? '/';
  const shared = mount?.optional.some((o) => o.startsWith('shared:')) ?? false;
  const slave = mount?.optional.some((o) => o.startsWith('master:')) ?? false;
  if (wantShared && !shared) {
    throw new Error(`path ${m.source} is mounted on ${mountPoint} but it is not a shared mount`);
  }
  if (wantSlave && !shared && !slave) {
    throw new Error(`path ${m.source} is mounted on ${mountPoint} but it is not a shared or slave mount`);
  }
}

/** moby daemon/oci_linux.go withMounts, for one user mount. */
function userMount(m: MountSpec, recursiveReadonly: boolean): OciMount {
  if (m.type === 'tmpfs') {
    const data = m.tmpfsOptions ? m.tmpfsOptions.split(',') : [];
    if (m.readonly) data.unshift('ro');
    return {
      destination: m.destination,
      type: 'tmpfs',
      source: 'tmpfs',
      options: mergeTmpfsOptions(['noexec', 'nosuid', 'nodev', 'rprivate', ...data]),
    };
  }
  const options = [m.nonRecursive ? 'bind' : 'rbind'];
  if (m.readonly) options.push(recursiveReadonly && !m.readonlyNonRecursive ? 'rro' : 'ro');
  options.push(m.propagation || 'rprivate');
  return { destination: m.destination, type: 'bind', source: m.source, options };
}

/** The OCI runtime spec Docker would give runc for `input` (moby daemon/oci_linux.go createSpec). */
export function buildOciSpec(input: BundleInput): OciSpec {
  const { spec } = input;
  const { process: proc } = spec;
  const readonlyRootfs = spec.readonlyRootfs;

  const userDestinations = new Set(spec.mounts.map((m) => posix.normalize(m.destination)));
  const network: MountSpec[] = input.networkFiles
    .filter((f) => !userDestinations.has(f.destination))
    .map((f) => ({
      destination: f.destination,
      source: f.source,
      type: 'bind',
      readonly: readonlyRootfs,
      propagation: 'rprivate',
      file: true,
    }));
  const userMounts = [...spec.mounts, ...network];
  for (const m of userMounts) userDestinations.add(posix.normalize(m.destination));

  const mountDev = userDestinations.has('/dev');
  const defaults = defaultMounts().filter(
    (m) => !userDestinations.has(m.destination) && !(mountDev && m.destination.startsWith('/dev/')),
  );
  if (readonlyRootfs) {
    for (const m of defaults) {
      if (!keepWritableOnReadonlyRootfs.has(m.destination) && !m.options?.includes('ro')) {
        m.options = [...(m.options ?? []), 'ro'];
      }
    }
  }

  let rootfsPropagation: string | undefined;
  const table = userMounts.some((m) => m.type === 'bind' && m.propagation && m.propagation !== 'rprivate')
    ? (input.mountTable ?? readMountTable())
    : [];
  for (const m of userMounts) {
    if (m.type !== 'bind') continue;
    checkPropagation(m, table);
    const p = m.propagation ?? '';
    if ((p === 'shared' || p === 'rshared') && rootfsPropagation !== 'shared') {
      rootfsPropagation = 'shared';
    } else if ((p === 'slave' || p === 'rslave') && rootfsPropagation === undefined) {
      rootfsPropagation = 'rslave';
    }
  }
  const sorted = userMounts
    .map((m, i) => ({ m, i }))
    .sort((a, b) => depth(a.m.destination) - depth(b.m.destination) || a.i - b.i)
    .map(({ m }) => userMount(m, input.recursiveReadonly));

  const namespaces = [{ type: 'pid' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }];
  if (spec.network === 'none') namespaces.push({ type: 'network' });

  const out: OciSpec = {
    ociVersion: '1.0.2-dev',
    process: {
      terminal: proc.tty,
      user: input.user,
      args: proc.args,
      env: createDaemonEnvironment(spec.hostname, proc.tty, proc.env),
      cwd: proc.cwd === '' ? '/' : proc.cwd,
      capabilities: {
        bounding: [...defaultCapabilities],
        effective: [...defaultCapabilities],
        permitted: [...defaultCapabilities],
      },
      oomScoreAdj: 0,
    },
    root: { path: input.rootfs, readonly: readonlyRootfs },
    hostname: spec.hostname,
    mounts: [...defaults, ...sorted],
    linux: {
      resources: { devices: defaultDeviceRules() },
      cgroupsPath: `${cgroupParent}/${spec.id}`,
      namespaces,
      maskedPaths: defaultMaskedPaths(),
      readonlyPaths: [...defaultReadonlyPaths],
    },
  };
  if (proc.tty && proc.consoleSize && proc.consoleSize.height > 0 && proc.consoleSize.width > 0) {
    out.process.consoleSize = { ...proc.consoleSize };
  }
  if (spec.network === 'none') out.linux.sysctl = privateNetworkSysctls();
  if (rootfsPropagation) out.linux.rootfsPropagation = rootfsPropagation;
  return out;
}
