import { FaultlineError, OK_EXIT } from '../../errors/index.js';
import { defineCommand } from '../command.js';
import { flag } from '../flags.js';
import { requireEnvRef } from './env-ref.js';

export const playCommand = defineCommand({
  name: 'play',
  summary: 'Replay a recorded candidate session in this terminal (latest when no session is given)',
  usage: 'faultline play <env> [session] [--speed N] [--max-idle SECONDS] [--input] [--json]',
  maxPositionals: 2,
  flags: { speed: flag.number(), 'max-idle': flag.number(), input: flag.boolean() },
  async run(positionals, values, out) {
    const ref = requireEnvRef(this, positionals);
    const [, query] = positionals;
    const { speed, 'max-idle': maxIdleSeconds } = values;
    const { readFile } = await import('node:fs/promises');
    const { resolveEnv } = await import('../../core/state-store.js');
    const { loadConfig } = await import('../../engine/load-config.js');
    const { readEnvSessions } = await import('../../engine/access/collect-env-sessions.js');
    const { findSession } = await import('../../access/sessions.js');
    const { parseAsciicast } = await import('../../access/asciicast.js');
    const { playAsciicast } = await import('../../access/player.js');
    await (await import('../../engine/features.js')).loadFeatures();
    const state = await resolveEnv(ref);
    const session = findSession((await readEnvSessions(state, await loadConfig())).sessions, query);
    if (session.castPath === null) {
      throw new FaultlineError('USAGE', `Session ${session.id} was a file transfer (${session.command ?? 'sftp'}); transfers are logged, not recorded.`);
    }
    const cast = parseAsciicast(await readFile(session.castPath, 'utf8'));
    if (out.jsonMode) {
      out.json({ version: 1, ok: true, environment: state.name, session, header: cast.header, events: cast.events.length });
      return OK_EXIT;
    }
    const controller = new AbortController();
    const stop = (): void => controller.abort();
    process.once('SIGINT', stop);
    try {
      const seconds = await playAsciicast(cast, process.stdout, {
        ...(speed !== undefined ? { speed } : {}),
        ...(maxIdleSeconds !== undefined ? { maxIdleSeconds } : {}),
        showInput: values.input === true,
        signal: controller.signal,
      });
      out.progress(`\n[faultline] ${controller.signal.aborted ? 'stopped' : 'end of'} session ${session.id} on ${session.machine} (${seconds.toFixed(1)} s played)`);
    } finally {
      process.off('SIGINT', stop);
    }
    return OK_EXIT;
  },
});
