import type { Executor } from '../core/executor.js';
import { appendEvent } from '../core/timeline.js';
import { loadScenario } from '../schema/load-scenario.js';
import type { EnvState } from '../schema/state.js';

/** Put the scenario's handouts (problem files, write-up template) on their machines; returns how many. */
export async function writeHandouts(state: EnvState, exec: Executor): Promise<number> {
  const scenario = await loadScenario(state.scenarioPath);
  for (const handout of scenario.handouts) {
    await exec.sh(handout.role, 'mkdir -p /srv/interview && chmod 0755 /srv/interview');
    await exec.writeFile(handout.role, handout.path, handout.text.endsWith('\n') ? handout.text : `${handout.text}\n`, handout.writable ? 0o666 : 0o644);
  }
  if (scenario.handouts.length > 0) {
    appendEvent(state.name, {
      type: 'handouts',
      message: `handed out ${scenario.handouts.map((h) => `${h.role}:${h.path}`).join(', ')}`,
      data: { files: scenario.handouts.map((h) => ({ role: h.role, path: h.path })) },
    });
  }
  return scenario.handouts.length;
}
