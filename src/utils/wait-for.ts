import { sleep } from './sleep.js';

export interface WaitOptions {
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
}

/**
 * Poll `check` until it returns a truthy value or the timeout passes.
 * Returns the truthy value, or undefined on timeout. Errors thrown by
 * `check` count as "not yet".
 */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false | null>,
  options: WaitOptions = {},
): Promise<T | undefined> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  const interval = options.intervalMs ?? 250;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (Date.now() >= deadline) return undefined;
    await sleep(interval);
  }
}
