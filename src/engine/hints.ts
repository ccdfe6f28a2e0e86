import { join } from 'node:path';
import { homePaths } from '../core/paths.js';
import { appendEvent, eventsOfType, readTimeline, type TimelineEvent } from '../core/timeline.js';
import { loadScenario } from '../schema/load-scenario.js';
import type { EnvState } from '../schema/state.js';
import { withLock } from '../utils/lock.js';
import { currentAttempt, sortByTime } from './attempt.js';

/** A hint that was given to the candidate. `index` is its 1-based position in the scenario's `hints`. */
export interface GivenHint {
  readonly index: number;
  readonly text: string;
  readonly ts: string;
}

/** What `faultline hint` did. */
export interface HintOutcome {
  /** The hint revealed by this call; null when none was (all given, none exist, or only listing). */
  readonly revealed: GivenHint | null;
  /** Every hint given in the current attempt, in order, including `revealed`. */
  readonly given: readonly GivenHint[];
  /** How many hints the scenario has. */
  readonly total: number;
}

/** Hints already given in the current attempt (events after the last `ready`), first occurrence of each index. */
export function listGivenHints(events: readonly TimelineEvent[]): GivenHint[] {
  const given = new Map<number, GivenHint>();
  for (const { ts, data } of eventsOfType(currentAttempt(sortByTime(events)).events, 'hint')) {
    if (!given.has(data.index)) given.set(data.index, { index: data.index, text: data.text, ts });
  }
  return [...given.values()].sort((a, b) => a.index - b.index);
}

/** The next hint to reveal: the first of `hints` not yet given, or undefined when all were. Pure. */
export function selectNextHint(hints: readonly string[], given: readonly GivenHint[]): { readonly index: number; readonly text: string } | undefined {
  const seen = new Set(given.map((hint) => hint.index));
  const position = hints.findIndex((_, i) => !seen.has(i + 1));
  return position < 0 ? undefined : { index: position + 1, text: hints[position] as string };
}

/**
 * Reveal the scenario's next hint (or, with `reveal: false`, only list the
 * ones given) and record it as a `hint` event `{index, text, total}`. Serialised
 * per environment so two interviewers never reveal the same hint twice.
 */
export async function giveHint(state: EnvState, options: { readonly reveal: boolean }): Promise<HintOutcome> {
  const scenario = await loadScenario(state.scenarioPath);
  return withLock(join(homePaths.env(state.name), 'hint.lock'), async () => {
    const given = listGivenHints(await readTimeline(state.name));
    const next = options.reveal ? selectNextHint(scenario.hints, given) : undefined;
    if (!next) return { revealed: null, given, total: scenario.hints.length };
    const event = appendEvent(state.name, { type: 'hint', message: `hint ${next.index} of ${scenario.hints.length} given`, data: { ...next, total: scenario.hints.length } });
    const revealed: GivenHint = { ...next, ts: event.ts };
    return { revealed, given: [...given, revealed], total: scenario.hints.length };
  });
}
