import type { Criterion } from '../../src/core/evidence.js';
import type { FaultContext } from '../../src/core/fault.js';
import { shellQuote } from './exec-checked.js';
import { parseSystemctlShow, showValue } from './systemd-unit.js';

/** What a running unit's main process looks like, read from systemd and /proc. */
export interface UnitProcess {
  readonly activeState: string;
  readonly subState: string;
  readonly mainPid: number;
  /** User name owning the main process ('' when not running). */
  readonly user: string;
  /** Its command line, NULs as spaces. */
  readonly cmdline: string;
  /** PIDs listening on the port (from `ss -ltnpH`). */
  readonly listeners: readonly number[];
  /** Seconds the main process has been running (`ps -o etimes`; -1 when not active). */
  readonly activeForSeconds: number;
}

/** Bash printing `unitProcess` facts as key=value lines. */
export function unitProcessScript(unit: string, port: number): string {
  const u = shellQuote(unit);
  return `set -u
systemctl show -p ActiveState -p SubState -p MainPID ${u}
pid=$(systemctl show -p MainPID --value ${u})
if [ "\${pid:-0}" -gt 0 ]; then
  echo "User=$(ps -o user= -p "$pid" | tr -d ' ')"
  echo "Age=$(ps -o etimes= -p "$pid" | tr -d ' ')"
  echo "Cmdline=$(tr '\\0' ' ' < /proc/$pid/cmdline 2>/dev/null)"
fi
echo "Listeners=$(ss -ltnpH "sport = :${port}" 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u | tr '\\n' ' ')"
`;
}

/** Parse `unitProcessScript` output. */
export function parseUnitProcess(stdout: string): UnitProcess {
  const show = parseSystemctlShow(stdout);
  const age = showValue(show, 'Age');
  const activeState = showValue(show, 'ActiveState');
  return {
    activeState,
    subState: showValue(show, 'SubState'),
    mainPid: Number(showValue(show, 'MainPID') || 0),
    user: showValue(show, 'User'),
    cmdline: showValue(show, 'Cmdline').trim(),
    listeners: showValue(show, 'Listeners')
      .split(/\s+/)
      .filter((p) => p !== '')
      .map(Number),
    activeForSeconds: activeState === 'active' && /^\d+$/.test(age) ? Number(age) : -1,
  };
}

/** Read the facts of `unit` on `machine`. */
export async function readUnitProcess(ctx: FaultContext, machine: string, unit: string, port: number): Promise<UnitProcess> {
  return parseUnitProcess((await ctx.exec.sh(machine, unitProcessScript(unit, port))).stdout);
}

/** `active/running, pid 123 (orders) node /opt/…, listening on 8081: pid 123`. */
export function describeUnitProcess(p: UnitProcess, port: number): string {
  const who = p.mainPid > 0 ? `, pid ${p.mainPid} (${p.user || '?'}) ${p.cmdline || '?'}` : '';
  const listening = p.listeners.length > 0 ? p.listeners.join(', ') : 'nobody';
  return `${p.activeState}/${p.subState}${who}; listening on ${port}: ${listening}`;
}

/**
 * The unit runs the orders bundle as `user`, and its own main process is the
 * one listening on `port` (not a copy started by hand beside it).
 */
export function judgeOrdersProcess(unit: string, p: UnitProcess, port: number, user = 'orders', bundle = '/opt/faultline/orders.js'): Criterion {
  const passed =
    p.activeState === 'active' &&
    p.subState === 'running' &&
    p.mainPid > 0 &&
    p.user === user &&
    p.cmdline.includes(bundle) &&
    p.listeners.length === 1 &&
    p.listeners[0] === p.mainPid;
  return {
    name: `${unit} itself serves port ${port}: its main process runs ${bundle} as ${user}`,
    passed,
    evidence: describeUnitProcess(p, port),
  };
}
