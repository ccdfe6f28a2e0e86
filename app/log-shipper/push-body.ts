import type { LogEntry } from './journal-entry.js';

/** Loki's push API body (`POST /loki/api/v1/push`, JSON). */
export interface LokiPushBody {
  readonly streams: readonly {
    readonly stream: Readonly<Record<string, string>>;
    readonly values: readonly (readonly [string, string])[];
  }[];
}

/** Group entries into one stream per unit (labels job, host, unit), each ordered by time. */
export function buildPushBody(entries: readonly LogEntry[], host: string): LokiPushBody {
  const byUnit = new Map<string, LogEntry[]>();
  for (const entry of entries) {
    const list = byUnit.get(entry.unit) ?? [];
    list.push(entry);
    byUnit.set(entry.unit, list);
  }
  return {
    streams: [...byUnit].map(([unit, list]) => ({
      stream: { job: 'journal', host, unit },
      values: [...list]
        .sort((a, b) => compareNs(a.tsNs, b.tsNs))
        .map((e) => [e.tsNs, e.line] as const),
    })),
  };
}

function compareNs(a: string, b: string): number {
  return a.length === b.length ? (a < b ? -1 : a > b ? 1 : 0) : a.length - b.length;
}
