import { FaultlineError, OK_EXIT } from '../../errors/index.js';
import type { EnvState } from '../../schema/state.js';
import type { Output } from '../command.js';
import { defineCommand } from '../command.js';
import { flag } from '../flags.js';

export const downCommand = defineCommand({
  name: 'down',
  summary: 'Destroy environments (or --all), leaving nothing behind; the teardown finishes in the background unless --wait',
  usage: 'faultline down <env>... | --all [--wait] [--json]',
  maxPositionals: 'unbounded',
  flags: { all: flag.boolean(), wait: flag.boolean() },
  // Without --wait the user waits only for access to be withdrawn; the detached `down --wait` prepares the engine (and reaps).
  needsEngine: (values) => values.wait === true,
  async run(positionals, values, out) {
    if (values.all && positionals.length > 0) throw new FaultlineError('USAGE', 'down takes environment names or --all, not both.', { hint: `Usage: ${this.usage}` });
    if (!values.all && positionals.length === 0) throw new FaultlineError('USAGE', 'down needs an environment name or --all.', { hint: `Usage: ${this.usage}` });
    const { listStates } = await import('../../core/state-store.js');
    const { states, missing } = values.all ? { states: await listStates(), missing: [] } : await resolveAll(positionals);
    const note = missing.length > 0 ? `no environment ${missing.join(', ')}` : undefined;
    if (values.wait) {
      const { downEnvironment } = await import('../../engine/down.js');
      // Idempotent: an environment that is already gone (or goes meanwhile) is not an error.
      for (const state of states) await downEnvironment(state.name, out.progress).catch(ignoreNotFound);
      reportRemoved(out, states, note);
      return OK_EXIT;
    }
    const { startBackgroundDown } = await import('../../engine/down-background.js');
    const started = await startBackgroundDown(states, out.progress);
    if (out.jsonMode) {
      out.json({ version: 1, ok: true, removed: started.map((t) => t.name), background: started, ...(note ? { note } : {}) });
      return OK_EXIT;
    }
    if (states.length === 0) out.info(note ? `${note} (already down?)` : 'no environments');
    for (const t of started) {
      const by = t.log ? `in the background (process ${t.pid}, log ${t.log})` : `already: process ${t.pid} is removing it`;
      out.info(`removing ${t.name} ${by}; \`faultline down ${t.name} --wait\` waits for it`);
    }
    if (note && states.length > 0) out.info(`${note} (already down?)`);
    return OK_EXIT;
  },
});

/** The environments `refs` name; those that do not exist are left out and named in `missing`. */
async function resolveAll(refs: readonly string[]): Promise<{ states: EnvState[]; missing: string[] }> {
  const { resolveEnv } = await import('../../core/state-store.js');
  const states: EnvState[] = [];
  const missing: string[] = [];
  for (const ref of refs) {
    const state = await resolveEnv(ref).catch(ignoreNotFound);
    if (state) states.push(state);
    else missing.push(ref);
  }
  return { states, missing };
}

function ignoreNotFound(error: unknown): undefined {
  if (error instanceof FaultlineError && error.code === 'ENV_NOT_FOUND') return undefined;
  throw error;
}

function reportRemoved(out: Output, states: readonly EnvState[], note: string | undefined): void {
  if (out.jsonMode) out.json({ version: 1, ok: true, removed: states.map((s) => s.name), ...(note ? { note } : {}) });
  else if (states.length === 0) out.info(note ? `${note} (already down?)` : 'no environments');
  else out.info(`removed ${states.map((s) => s.name).join(', ')}${note ? `; ${note} (already down?)` : ''}`);
}
