import type { FaultContext } from '../../src/core/fault.js';
import type { PromAlert } from '../../src/core/probe.js';

/** Alert states by name, for evidence; never throws (Prometheus may be the thing that is broken). */
export async function describeAlertStates(ctx: FaultContext, names: readonly string[]): Promise<string> {
  let alerts: PromAlert[];
  try {
    alerts = await ctx.probes.alerts();
  } catch (error) {
    return `alerts: could not ask Prometheus (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
  }
  return `alerts: ${names.map((name) => `${name} ${summariseAlert(alerts, name)}`).join('; ')}`;
}

/** `inactive`, or the states with their instance labels: `firing (app-2), pending (app-1)`. */
export function summariseAlert(alerts: readonly PromAlert[], name: string): string {
  const matching = alerts.filter((a) => a.name === name && a.state !== 'inactive');
  if (matching.length === 0) return 'inactive';
  return matching.map((a) => `${a.state}${a.labels.instance ? ` (${a.labels.instance})` : ''}`).join(', ');
}
