import type { EnvState } from '../schema/state.js';
import type { EnvHandles } from './env-context.js';

/** A unit's last journal lines as failure-report details: a heading, then the lines indented. */
export async function journalReport(state: EnvState, handles: EnvHandles, role: string, unit: string, lines = 12): Promise<string[]> {
  const tail = await handles.target.journalTail(state, role, unit, lines).catch(() => '');
  return [`── ${role}: journalctl -u ${unit}`, ...tail.split('\n').map((line) => `   ${line}`)];
}
