import { readFileSync } from 'node:fs';

/**
 * A process named beyond its pid: pids are reused, but a pid together with
 * the process's start time (clock ticks after boot, field 22 of
 * /proc/<pid>/stat) names one process for as long as the host is up.
 */
export interface ProcessIdentity {
  readonly pid: number;
  readonly start: number;
}

/**
 * Start time of `pid` in clock ticks after boot, or undefined when no such
 * process runs. A zombie (killed, not yet reaped by its parent; common when
 * PID 1 is not an init that reaps promptly) counts as gone: it holds its pid
 * and /proc entry but runs nothing.
 */
export function processStartTicks(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is parenthesised and may hold spaces or ')': split after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (fields[0] === 'Z' || fields[0] === 'X') return undefined;
  const start = Number(fields[19]);
  return Number.isFinite(start) ? start : undefined;
}

/** This process's identity. */
export function selfIdentity(): ProcessIdentity {
  return { pid: process.pid, start: processStartTicks(process.pid) ?? 0 };
}

/** True when a process with this pid exists (any process: the pid may have been reused). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * True when the very process `identity` names is still running: a live pid
 * with another start time is a different process that reused the pid.
 * Without a recorded start time (older records) only the pid can be checked.
 */
export function isRunning(identity: { readonly pid: number; readonly start?: number | undefined }): boolean {
  if (identity.start === undefined) return isAlive(identity.pid) && processStartTicks(identity.pid) !== undefined;
  return processStartTicks(identity.pid) === identity.start;
}
