/** Delay before retry number `attempt` (1-based): doubling from `baseMs`, capped at `maxMs`. */
export function getBackoffMs(attempt: number, baseMs = 500, maxMs = 30_000): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
}
