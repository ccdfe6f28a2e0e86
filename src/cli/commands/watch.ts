import { FaultlineError, OK_EXIT } from '../../errors/index.js';
import { defineCommand } from '../command.js';
import { flag } from '../flags.js';
import { requireEnvRef } from './env-ref.js';

export const watchCommand = defineCommand({
  name: 'watch',
  summary: "Follow the candidate's terminals live, every machine, with a status line (read-only; many can watch)",
  usage: 'faultline watch <env> [--machine ROLE]… [--no-backlog] [--for SECONDS]',
  maxPositionals: 1,
  flags: { machine: flag.repeated(), 'no-backlog': flag.boolean(), for: flag.seconds() },
  async run(positionals, values, out) {
    const ref = requireEnvRef(this, positionals);
    if (out.jsonMode) throw new FaultlineError('USAGE', 'watch streams a terminal and has no --json form.', { hint: 'Use `faultline sessions <env> --json` for the recordings.' });
    const seconds = values.for === undefined ? undefined : Number(values.for);
    if (seconds !== undefined && !(Number.isFinite(seconds) && seconds > 0)) {
      throw new FaultlineError('USAGE', `--for must be a positive number of seconds, got ${JSON.stringify(values.for)}.`, { hint: `Usage: ${this.usage}` });
    }
    const { resolveEnv } = await import('../../core/state-store.js');
    const { watchEnvironment } = await import('../../engine/seat/watch.js');
    const state = await resolveEnv(ref);
    const stop = new AbortController();
    const onSignal = (): void => stop.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const timer = seconds === undefined ? undefined : setTimeout(onSignal, seconds * 1000);
    // Read-only: keystrokes in the watcher's terminal go nowhere; only q / Ctrl-C (stop) are looked at.
    const stdin = process.stdin;
    const raw = stdin.isTTY === true;
    const onKey = (key: Buffer): void => {
      if (key.includes(0x03) || key.includes(0x71)) onSignal();
    };
    if (raw) {
      stdin.setRawMode(true);
      stdin.on('data', onKey);
      stdin.resume();
    }
    try {
      const sink = {
        write: (chunk: string | Buffer) => process.stdout.write(chunk),
        // Read on every redraw, so a resized terminal keeps its status line on the last row.
        get rows() {
          return process.stdout.isTTY ? process.stdout.rows : undefined;
        },
      };
      await watchEnvironment(state, sink, {
        ...(Array.isArray(values.machine) ? { machines: values.machine as string[] } : {}),
        backlog: values['no-backlog'] !== true,
        signal: stop.signal,
      });
    } finally {
      if (timer) clearTimeout(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      if (raw) {
        stdin.off('data', onKey);
        stdin.setRawMode(false);
        stdin.pause();
      }
    }
    return OK_EXIT;
  },
});
