import type { ResultPromise } from 'execa';

/**
 * Ctrl-C / SIGTERM handling for the bench: once interrupted, no new
 * measurement step starts, and the CLI calls in flight are interrupted and
 * awaited so that `down --all` runs after them, not alongside them.
 */
let interrupted = false;
const inFlight = new Set<ResultPromise>();

export class BenchInterrupted extends Error {
  override readonly name = 'BenchInterrupted';
  constructor() {
    super('interrupted');
  }
}

/** Throw instead of starting something new after an interrupt. */
export function throwIfInterrupted(): void {
  if (interrupted) throw new BenchInterrupted();
}

/** Follow a subprocess so an interrupt can stop it. */
export function trackSubprocess(subprocess: ResultPromise): void {
  inFlight.add(subprocess);
  void subprocess.finally(() => inFlight.delete(subprocess)).catch(() => undefined);
}

/** Mark the bench interrupted, SIGINT every tracked subprocess, SIGKILL it after `graceMs`, wait for all. */
export async function interruptSubprocesses(graceMs = 10_000): Promise<void> {
  interrupted = true;
  const running = [...inFlight];
  for (const subprocess of running) subprocess.kill('SIGINT');
  const timer = setTimeout(() => running.forEach((s) => s.kill('SIGKILL')), graceMs);
  await Promise.allSettled(running);
  clearTimeout(timer);
}

/** Wait for every tracked subprocess to end (cleanup must not race a running `up`). */
export async function settleSubprocesses(): Promise<void> {
  await Promise.allSettled([...inFlight]);
}
