import type { FaultContext } from '../../src/core/fault.js';
import { PORTS } from '../../src/stack/topology.js';
import { shChecked, shellQuote } from './exec-checked.js';

/** The systemd unit of orders instance `instance` (1 → orders@1.service on 8081). */
export function ordersUnit(instance: 1 | 2): string {
  return `orders@${instance}.service`;
}

/** The slice systemd puts orders@1 and orders@2 in (named after the template). */
export const ORDERS_SLICE = 'system-orders.slice';

/** The port orders instance `instance` listens on. */
export function ordersPort(instance: 1 | 2): number {
  return PORTS.appInstances[instance - 1] ?? PORTS.appInstances[0];
}

/** Where a drop-in `name` of `unit` lives. */
export function dropInPath(unit: string, name: string): string {
  return `/etc/systemd/system/${unit}.d/${name}`;
}

/**
 * Parse `systemctl show -p A -p B` output (`Key=value` lines) into a map.
 * A key that appears more than once (ExecStart of a unit with two) keeps
 * every value, in order.
 */
export function parseSystemctlShow(stdout: string): Map<string, string[]> {
  const values = new Map<string, string[]>();
  for (const line of stdout.split('\n')) {
    const at = line.indexOf('=');
    if (at <= 0) continue;
    const key = line.slice(0, at);
    values.set(key, [...(values.get(key) ?? []), line.slice(at + 1)]);
  }
  return values;
}

/** The first value of `key` in parsed `systemctl show` output ('' when absent). */
export function showValue(show: ReadonlyMap<string, readonly string[]>, key: string): string {
  return show.get(key)?.[0] ?? '';
}

/** `systemctl show` of `unit` on `machine`, only `properties`. */
export async function showUnit(ctx: FaultContext, machine: string, unit: string, properties: readonly string[]): Promise<Map<string, string[]>> {
  const result = await ctx.exec.exec(machine, ['systemctl', 'show', unit, ...properties.map((p) => `--property=${p}`)]);
  return parseSystemctlShow(result.stdout);
}

/** Write drop-in `name` of `unit` and `systemctl daemon-reload` (the unit is not restarted). */
export async function writeDropIn(ctx: FaultContext, machine: string, unit: string, name: string, content: string): Promise<void> {
  await ctx.exec.writeFile(machine, dropInPath(unit, name), content, 0o644);
  await shChecked(ctx.exec, machine, 'systemctl daemon-reload', 'reload systemd');
}

/**
 * Remove drop-in `name` of `unit` (and its directory when empty), reload
 * systemd, clear a failed state and restart the unit, waiting up to 10 s for
 * it to be active. Idempotent.
 */
export async function removeDropInAndRestart(ctx: FaultContext, machine: string, unit: string, name: string, port?: number): Promise<void> {
  const path = dropInPath(unit, name);
  await shChecked(
    ctx.exec,
    machine,
    `rm -f ${shellQuote(path)}
rmdir ${shellQuote(path.replace(/\/[^/]+$/, ''))} 2>/dev/null || true
systemctl daemon-reload
${restartAndWaitScript(unit, 10, port)}`,
    `remove ${path} and restart ${unit}`,
  );
}

/**
 * Bash: reset-failed, restart `unit`, and wait up to `seconds` for it to be
 * active/running (and, with `port`, for its main process to listen there).
 * Exit 1 (with the unit's state on stderr) when it is not.
 */
export function restartAndWaitScript(unit: string, seconds = 10, port?: number): string {
  const u = shellQuote(unit);
  const listening =
    port === undefined ? 'true' : `ss -ltnpH "sport = :${port}" | grep -q "pid=$(systemctl show -p MainPID --value ${u}),"`;
  return `systemctl reset-failed ${u} 2>/dev/null || true
systemctl restart ${u} 2>&1 || true
for i in $(seq 1 ${seconds * 5}); do
  [ "$(systemctl show -p SubState --value ${u})" = running ] && ${listening} && exit 0
  sleep 0.2
done
echo "${unit} is not running${port === undefined ? '' : ` and listening on ${port}`}: $(systemctl show -p LoadState -p ActiveState -p SubState -p Result -p MainPID ${u} | tr '\\n' ' ')" >&2
exit 1
`;
}

/** The last `lines` journal lines of `unit` on `machine`, for evidence; never throws. */
export async function journalTail(ctx: FaultContext, machine: string, unit: string, lines = 3): Promise<string> {
  const result = await ctx.exec.exec(machine, ['journalctl', '-u', unit, '-n', String(lines), '--no-pager', '-o', 'cat']);
  return result.stdout.trim().split('\n').map((line) => line.slice(0, 200)).join(' | ');
}
