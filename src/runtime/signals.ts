/** moby/sys/signal signal_linux.go SignalMap (x86, arm: SIGRTMIN 34, SIGRTMAX 64). */
const signalMap: Record<string, number> = {
  ABRT: 6,
  ALRM: 14,
  BUS: 7,
  CHLD: 17,
  CLD: 17,
  CONT: 18,
  FPE: 8,
  HUP: 1,
  ILL: 4,
  INT: 2,
  IO: 29,
  IOT: 6,
  KILL: 9,
  PIPE: 13,
  POLL: 29,
  PROF: 27,
  PWR: 30,
  QUIT: 3,
  SEGV: 11,
  STKFLT: 16,
  STOP: 19,
  SYS: 31,
  TERM: 15,
  TRAP: 5,
  TSTP: 20,
  TTIN: 21,
  TTOU: 22,
  URG: 23,
  USR1: 10,
  USR2: 12,
  VTALRM: 26,
  WINCH: 28,
  XCPU: 24,
  XFSZ: 25,
  RTMIN: 34,
  RTMAX: 64,
};
for (let i = 1; i <= 15; i++) signalMap[`RTMIN+${i}`] = 34 + i;
for (let i = 1; i <= 14; i++) signalMap[`RTMAX-${i}`] = 64 - i;

const validSignals = new Set(Object.values(signalMap));

export const SIGKILL = 9;

/**
 * moby ContainerKill's signal parsing (moby/sys/signal ParseSignal + ValidSignalForPlatform): a
 * number, or a name with or without `SIG` in any case; '' is SIGKILL. Throws Docker's message.
 */
export function parseSignal(raw: string): number {
  if (raw === '') return SIGKILL;
  let sig: number | undefined;
  if (/^[+-]?\d+$/.test(raw)) {
    sig = Number(raw);
    if (sig === 0) throw new Error(`invalid signal: ${raw}`);
  } else {
    const upper = raw.toUpperCase();
    sig = signalMap[upper.startsWith('SIG') ? upper.slice(3) : upper];
    if (sig === undefined) throw new Error(`invalid signal: ${raw}`);
  }
  if (!validSignals.has(sig)) throw new Error(`the linux daemon does not support signal ${sig}`);
  return sig;
}
