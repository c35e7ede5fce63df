/**
 * Value checks the `--change` instructions share with `docker run`: port specs
 * (go-connections/nat ParsePortSpecs, as EXPOSE uses it), stop signals (moby/sys/signal
 * ParseSignal) and WORKDIR normalisation (builder/dockerfile normalizeWorkdir on Linux).
 * Error texts are theirs.
 */
import { posix } from 'node:path';

const signalNames = new Set([
  'ABRT',
  'ALRM',
  'BUS',
  'CHLD',
  'CLD',
  'CONT',
  'FPE',
  'HUP',
  'ILL',
  'INT',
  'IO',
  'IOT',
  'KILL',
  'PIPE',
  'POLL',
  'PROF',
  'PWR',
  'QUIT',
  'SEGV',
  'STKFLT',
  'STOP',
  'SYS',
  'TERM',
  'TRAP',
  'TSTP',
  'TTIN',
  'TTOU',
  'URG',
  'USR1',
  'USR2',
  'VTALRM',
  'WINCH',
  'XCPU',
  'XFSZ',
  'RTMIN',
  'RTMAX',
]);
for (let i = 1; i <= 15; i++) {
  signalNames.add(`RTMIN+${i}`);
  signalNames.add(`RTMAX-${i}`);
}

/** signal.ParseSignal: a number (not 0) or a name with or without `SIG`, any case. */
export function checkSignal(raw: string): void {
  if (/^[+-]?\d+$/.test(raw)) {
    if (Number(raw) === 0) throw new Error(`Invalid signal: ${raw}`);
    return;
  }
  const name = raw.toUpperCase().replace(/^SIG/, '');
  if (!signalNames.has(name)) throw new Error(`Invalid signal: ${raw}`);
}

function parseUint16(s: string): number | undefined {
  if (!/^\d+$/.test(s)) return undefined;
  const n = Number(s);
  return n <= 65535 ? n : undefined;
}

function parsePortRange(ports: string): [number, number] | undefined {
  if (ports === '') return undefined;
  if (!ports.includes('-')) {
    const n = parseUint16(ports);
    return n === undefined ? undefined : [n, n];
  }
  const parts = ports.split('-');
  const start = parseUint16(parts[0] as string);
  const end = parseUint16(parts[1] ?? '');
  if (start === undefined || end === undefined || end < start) return undefined;
  return [start, end];
}

/**
 * nat.ParsePortSpecs for what EXPOSE allows: `80`, `80/udp`, `8000-8010/tcp` (and the host parts
 * `docker run -p` accepts, which EXPOSE ignores). Returns the exposed ports (`80/tcp`).
 */
export function parseExposedPorts(specs: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of specs) {
    const parts = raw.split(':');
    let container = parts[parts.length - 1] as string;
    const hostPort = parts.length >= 2 ? (parts[parts.length - 2] as string) : '';
    const slash = container.split('/');
    let proto = 'tcp';
    if (container === '' || (slash[0] as string) === '') container = '';
    else if (slash.length > 1 && (slash[1] as string) !== '') {
      proto = slash[1] as string;
      container = slash[0] as string;
    } else container = slash[0] as string;
    if (container === '') throw new Error(`no port specified: ${raw}<empty>`);
    const range = parsePortRange(container);
    if (!range) throw new Error(`invalid containerPort: ${container}`);
    if (hostPort !== '' && !parsePortRange(hostPort)) throw new Error(`invalid hostPort: ${hostPort}`);
    if (!['tcp', 'udp', 'sctp'].includes(proto.toLowerCase())) throw new Error(`invalid proto: ${proto}`);
    for (let p = range[0]; p <= range[1]; p++) out.push(`${p}/${proto.toLowerCase()}`);
  }
  return out;
}

/** normalizeWorkdir: relative paths join the current directory; the result is clean. */
export function normalizeWorkdir(current: string, requested: string): string {
  if (requested === '') throw new Error('cannot normalize nothing');
  if (!requested.startsWith('/')) return posix.join('/', current, requested);
  return posix.normalize(requested).replace(/(.)\/$/, '$1');
}
