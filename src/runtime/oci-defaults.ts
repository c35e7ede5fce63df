import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { OciDeviceRule, OciMount } from './oci-types.js';

// Docker's default Linux spec: moby oci/defaults.go DefaultLinuxSpec and oci/caps/defaults.go.

export const defaultCapabilities = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_FSETID',
  'CAP_FOWNER',
  'CAP_MKNOD',
  'CAP_NET_RAW',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETFCAP',
  'CAP_SETPCAP',
  'CAP_NET_BIND_SERVICE',
  'CAP_SYS_CHROOT',
  'CAP_KILL',
  'CAP_AUDIT_WRITE',
];

/** HostConfig.ShmSize's default (moby daemon/create.go, 64 MiB) as the /dev/shm size option. */
const defaultShmSize = 'size=67108864';

export function defaultMounts(): OciMount[] {
  return [
    { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
    {
      destination: '/dev',
      type: 'tmpfs',
      source: 'tmpfs',
      options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'],
    },
    {
      destination: '/dev/pts',
      type: 'devpts',
      source: 'devpts',
      options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'],
    },
    { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', 'ro'] },
    {
      destination: '/sys/fs/cgroup',
      type: 'cgroup',
      source: 'cgroup',
      options: ['ro', 'nosuid', 'noexec', 'nodev'],
    },
    { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
    {
      destination: '/dev/shm',
      type: 'tmpfs',
      source: 'shm',
      options: ['nosuid', 'noexec', 'nodev', 'mode=1777', defaultShmSize],
    },
  ];
}

export const defaultReadonlyPaths = [
  '/proc/bus',
  '/proc/fs',
  '/proc/irq',
  '/proc/sys',
  '/proc/sysrq-trigger',
];

let maskedPaths: string[] | undefined;

/** The CPU numbers in /sys/devices/system/cpu/possible (`0-3,5`), as moby's platform.PossibleCPU. */
function possibleCpus(): number[] {
  try {
    const out: number[] = [];
    for (const range of readFileSync('/sys/devices/system/cpu/possible', 'utf8').trim().split(',')) {
      const [lo = '', hi = lo] = range.split('-');
      for (let c = Number(lo); c <= Number(hi); c++) out.push(c);
    }
    return out;
  } catch {
    return cpus().map((_, i) => i);
  }
}

/** Docker's masked paths, with each CPU's thermal_throttle directory that exists on this host. */
export function defaultMaskedPaths(): string[] {
  if (!maskedPaths) {
    maskedPaths = [
      '/proc/asound',
      '/proc/acpi',
      '/proc/interrupts',
      '/proc/kcore',
      '/proc/keys',
      '/proc/latency_stats',
      '/proc/timer_list',
      '/proc/timer_stats',
      '/proc/sched_debug',
      '/proc/scsi',
      '/sys/firmware',
      '/sys/devices/virtual/powercap',
    ];
    for (const cpu of possibleCpus()) {
      const path = `/sys/devices/system/cpu/cpu${cpu}/thermal_throttle`;
      if (existsSync(path)) maskedPaths.push(path);
    }
  }
  return [...maskedPaths];
}

/** The device cgroup: deny all, then allow null, zero, full, urandom/random, tty, console; deny tun. */
export function defaultDeviceRules(): OciDeviceRule[] {
  const allow = (major: number, minor: number): OciDeviceRule => ({
    allow: true,
    type: 'c',
    major,
    minor,
    access: 'rwm',
  });
  return [
    { allow: false, access: 'rwm' },
    allow(1, 5),
    allow(1, 3),
    allow(1, 9),
    allow(1, 8),
    allow(5, 0),
    allow(5, 1),
    { allow: false, type: 'c', major: 10, minor: 229, access: 'rwm' },
  ];
}

/**
 * Sysctls Docker sets for a container with its own network namespace (moby daemon/oci_linux.go
 * withCommonOptions), when this kernel has them.
 */
export function privateNetworkSysctls(): Record<string, string> {
  const out: Record<string, string> = {};
  if (existsSync('/proc/sys/net/ipv4/ping_group_range')) {
    out['net.ipv4.ping_group_range'] = '0 2147483647';
  }
  if (existsSync('/proc/sys/net/ipv4/ip_unprivileged_port_start')) {
    out['net.ipv4.ip_unprivileged_port_start'] = '0';
  }
  return out;
}
