import { readFileSync } from 'node:fs';

/** A process, told apart from a later one with the same pid by its start time. */
export interface ProcessIdentity {
  pid: number;
  /** /proc/<pid>/stat field 22 (clock ticks since boot). */
  startTime: string;
}

function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (comm) may hold spaces and parentheses: fields 3… follow the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

export function identify(pid: number): ProcessIdentity | undefined {
  const fields = statFields(pid);
  const startTime = fields?.[19];
  return startTime === undefined ? undefined : { pid, startTime };
}

/** Whether that very process still runs (a zombie does not). */
export function isAlive(p: ProcessIdentity): boolean {
  const fields = statFields(p.pid);
  return fields !== undefined && fields[0] !== 'Z' && fields[19] === p.startTime;
}
