import type { FaultContext } from '../../../src/core/fault.js';
import { PORTS } from '../../../src/stack/topology.js';
import { shChecked, shellQuote } from '../../shared/exec-checked.js';
import type { BadAlertRuleParams } from './params.js';

/** The `instance` label Prometheus gives the orders instance (see the scrape relabelling). */
export function instanceLabel(params: Pick<BadAlertRuleParams, 'instance'>): string {
  return `app-${params.instance}`;
}

function unit(params: Pick<BadAlertRuleParams, 'instance'>): string {
  return `orders@${params.instance}.service`;
}

function firewallSpec(params: Pick<BadAlertRuleParams, 'instance'>): string {
  const port = PORTS.appInstances[params.instance - 1];
  return [
    '-p', 'tcp', '--dport', String(port),
    '-m', 'comment', '--comment', `drain orders@${params.instance} for maintenance`,
    '-j', 'REJECT', '--reject-with', 'tcp-reset',
  ]
    .map(shellQuote)
    .join(' ');
}

/** Take the orders instance down: stop and mask its unit, or reject its port on app. */
export async function startOutage(ctx: FaultContext, params: Pick<BadAlertRuleParams, 'instance' | 'outage'>): Promise<void> {
  const script =
    params.outage === 'masked'
      ? `systemctl mask --now ${unit(params)}`
      : `iptables -C INPUT ${firewallSpec(params)} 2>/dev/null || iptables -I INPUT ${firewallSpec(params)}`;
  await shChecked(ctx.exec, 'app', script, `take ${unit(params)} down (${params.outage})`);
}

/** Bring the instance back whichever way it was taken down (idempotent). */
export async function endOutage(ctx: FaultContext, params: Pick<BadAlertRuleParams, 'instance'>): Promise<void> {
  await shChecked(
    ctx.exec,
    'app',
    `for i in 1 2 3 4 5; do iptables -D INPUT ${firewallSpec(params)} 2>/dev/null || break; done
systemctl unmask ${unit(params)}
systemctl start ${unit(params)}`,
    `bring ${unit(params)} back`,
  );
}
