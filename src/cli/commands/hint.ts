import { OK_EXIT } from '../../errors/index.js';
import { defineCommand } from '../command.js';
import { flag } from '../flags.js';
import { requireEnvRef } from './env-ref.js';

export const hintCommand = defineCommand({
  name: 'hint',
  summary: "Reveal the scenario's next hint to pass on to the candidate (--all: list those given)",
  usage: 'faultline hint <env> [--all] [--json]',
  maxPositionals: 1,
  flags: { all: flag.boolean() },
  async run(positionals, values, out) {
    const ref = requireEnvRef(this, positionals);
    const { resolveEnv } = await import('../../core/state-store.js');
    const { giveHint } = await import('../../engine/hints.js');
    const state = await resolveEnv(ref);
    const outcome = await giveHint(state, { reveal: values.all !== true });
    const exhausted = outcome.given.length >= outcome.total;
    if (out.jsonMode) {
      out.json({ version: 1, ok: true, environment: state.name, revealed: outcome.revealed, given: outcome.given, total: outcome.total, exhausted });
      return OK_EXIT;
    }
    if (outcome.total === 0) {
      out.info(`scenario ${state.scenario} has no hints`);
      return OK_EXIT;
    }
    if (outcome.revealed) {
      out.info(`Hint ${outcome.revealed.index} of ${outcome.total}: ${outcome.revealed.text}`);
      if (exhausted) out.info('(that was the last hint)');
      return OK_EXIT;
    }
    if (outcome.given.length === 0) {
      out.info(`no hints given yet (${outcome.total} available; \`faultline hint ${state.name}\` reveals the first)`);
      return OK_EXIT;
    }
    out.info(values.all === true ? `${outcome.given.length} of ${outcome.total} hints given:` : `All ${outcome.total} hints have been given:`);
    for (const hint of outcome.given) out.info(`  ${hint.index}. ${hint.text}`);
    return OK_EXIT;
  },
});
