import { describe, expect, it } from 'vitest';
import type { ContainerRuntimeSpec, MountSpec } from './container-runtime.js';
import type { MountEntry } from './mount-table.js';
import { buildOciSpec, type BundleInput } from './oci-spec.js';

const networkFiles = [
  { destination: '/etc/resolv.conf', source: '/c/resolv.conf' },
  { destination: '/etc/hostname', source: '/c/hostname' },
  { destination: '/etc/hosts', source: '/c/hosts' },
];

function input(spec: Partial<ContainerRuntimeSpec> = {}, extra: Partial<BundleInput> = {}): BundleInput {
  return {
    spec: {
      id: 'abc',
      layers: [],
      process: { args: ['sh'], env: ['A=1'], cwd: '', user: '', tty: false, openStdin: false },
      hostname: 'host1',
      mounts: [],
      network: 'none',
      readonlyRootfs: false,
      ...spec,
    },
    rootfs: '/c/rootfs',
    user: { uid: 0, gid: 0, additionalGids: [0] },
    networkFiles,
    recursiveReadonly: true,
    ...extra,
  };
}

const destinations = (s: { mounts: Array<{ destination: string }> }) => s.mounts.map((m) => m.destination);

describe('buildOciSpec (moby createSpec)', () => {
  it("has Docker's defaults", () => {
    const s = buildOciSpec(input());
    expect(s.process.capabilities.bounding).toHaveLength(14);
    expect(s.process.capabilities.effective).toContain('CAP_NET_BIND_SERVICE');
    expect(s.process.env).toEqual([
      'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      'HOSTNAME=host1',
      'A=1',
    ]);
    expect(s.process.cwd).toBe('/');
    expect(destinations(s)).toEqual([
      '/proc',
      '/dev',
      '/dev/pts',
      '/sys',
      '/sys/fs/cgroup',
      '/dev/mqueue',
      '/dev/shm',
      '/etc/resolv.conf',
      '/etc/hostname',
      '/etc/hosts',
    ]);
    expect(s.mounts.find((m) => m.destination === '/etc/hosts')?.options).toEqual(['rbind', 'rprivate']);
    expect(s.mounts.find((m) => m.destination === '/dev/shm')?.options).toContain('size=67108864');
    expect(s.linux.maskedPaths).toContain('/proc/kcore');
    expect(s.linux.readonlyPaths).toContain('/proc/sys');
    expect(s.linux.cgroupsPath).toBe('/strata/abc');
    expect(s.linux.resources.devices[0]).toEqual({ allow: false, access: 'rwm' });
    expect(s.linux.namespaces.map((n) => n.type)).toEqual(['pid', 'ipc', 'uts', 'mount', 'network']);
    expect(s.hostname).toBe('host1');
    expect(s.root).toEqual({ path: '/c/rootfs', readonly: false });
  });

  it('host networking: no network namespace, no network sysctls', () => {
    const s = buildOciSpec(input({ network: 'host' }));
    expect(s.linux.namespaces.map((n) => n.type)).not.toContain('network');
    expect(s.linux.sysctl).toBeUndefined();
  });

  it('user mounts: sorted by depth, replacing defaults and network files, with their options', () => {
    const mounts: MountSpec[] = [
      { destination: '/a/b/c', source: '/h/c', type: 'bind', readonly: true },
      {
        destination: '/a',
        source: '/h/a',
        type: 'bind',
        readonly: false,
        propagation: 'rslave',
        nonRecursive: true,
      },
      { destination: '/dev/shm', source: '', type: 'tmpfs', readonly: false, tmpfsOptions: 'size=1m,exec' },
      { destination: '/etc/hosts', source: '/h/hosts', type: 'bind', readonly: false, file: true },
      { destination: '/x', source: '/h/x', type: 'bind', readonly: true, readonlyNonRecursive: true },
    ];
    const table: MountEntry[] = [{ mountPoint: '/', optional: ['master:1'], fsType: 'ext4' }];
    const s = buildOciSpec(input({ mounts }, { mountTable: table }));
    expect(destinations(s).slice(6)).toEqual([
      '/a',
      '/x',
      '/dev/shm',
      '/etc/hosts',
      '/etc/resolv.conf',
      '/etc/hostname',
      '/a/b/c',
    ]);
    const byDest = new Map(s.mounts.map((m) => [m.destination, m]));
    expect(byDest.get('/a/b/c')?.options).toEqual(['rbind', 'rro', 'rprivate']);
    expect(byDest.get('/a')?.options).toEqual(['bind', 'rslave']);
    expect(byDest.get('/x')?.options).toEqual(['rbind', 'ro', 'rprivate']);
    expect(byDest.get('/dev/shm')).toEqual({
      destination: '/dev/shm',
      type: 'tmpfs',
      source: 'tmpfs',
      options: ['nosuid', 'nodev', 'rprivate', 'size=1m', 'exec'],
    });
    expect(byDest.get('/etc/hosts')?.source).toBe('/h/hosts');
    expect(s.linux.rootfsPropagation).toBe('rslave');
  });

  it("refuses a shared bind of a source that is not on a shared mount (Docker's error)", () => {
    const mounts: MountSpec[] = [
      { destination: '/s', source: '/data/x', type: 'bind', readonly: false, propagation: 'rshared' },
    ];
    const table: MountEntry[] = [
      { mountPoint: '/', optional: ['shared:1'], fsType: 'ext4' },
      { mountPoint: '/data', optional: [], fsType: 'ext4' },
    ];
    expect(() => buildOciSpec(input({ mounts }, { mountTable: table }))).toThrow(
      'path /data/x is mounted on /data but it is not a shared mount',
    );
    const shared = buildOciSpec(input({ mounts }, { mountTable: table.slice(0, 1) }));
    expect(shared.linux.rootfsPropagation).toBe('shared');
  });

  it('a read-only rootfs makes default mounts read-only except /proc, /dev and its tmpfs', () => {
    const s = buildOciSpec(input({ readonlyRootfs: true }));
    const ro = s.mounts
      .filter((m) => m.options?.includes('ro') || m.options?.includes('rro'))
      .map((m) => m.destination);
    expect(ro).toEqual(['/sys', '/sys/fs/cgroup', '/etc/resolv.conf', '/etc/hostname', '/etc/hosts']);
    expect(s.root.readonly).toBe(true);
  });

  it('a TTY: terminal, TERM and the console size', () => {
    const s = buildOciSpec(
      input({
        process: {
          args: ['sh'],
          env: [],
          cwd: '/w',
          user: '',
          tty: true,
          openStdin: true,
          consoleSize: { height: 24, width: 80 },
        },
      }),
    );
    expect(s.process.terminal).toBe(true);
    expect(s.process.env).toContain('TERM=xterm');
    expect(s.process.consoleSize).toEqual({ height: 24, width: 80 });
    expect(s.process.cwd).toBe('/w');
  });
});
