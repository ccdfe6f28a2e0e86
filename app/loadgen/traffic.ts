/** One request the loadgen sends. */
export interface PlannedRequest {
  readonly method: 'GET' | 'POST';
  readonly body?: string;
}

const ITEMS = ['widget', 'gadget', 'sprocket', 'gizmo', 'flange', 'bolt'] as const;

/** Pick the next request: a POST with a random order with probability `writeRatio`, else a GET. */
export function planRequest(writeRatio: number, random: () => number = Math.random): PlannedRequest {
  if (random() >= writeRatio) return { method: 'GET' };
  const item = ITEMS[Math.floor(random() * ITEMS.length)] ?? 'widget';
  const qty = 1 + Math.floor(random() * 5);
  return { method: 'POST', body: JSON.stringify({ item, qty }) };
}
