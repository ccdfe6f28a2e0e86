import { join } from 'node:path';
import { z } from 'zod';
import { homePaths } from '../core/paths.js';
import { appendEvent, readTimeline, type TimelineEvent } from '../core/timeline.js';
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

const hintDataSchema = z.object({ index: z.number().int().positive(), text: z.string() });

/** Hints already given in the current attempt (events after the last `ready`), first occurrence of each index. */
export function listGivenHints(events: readonly TimelineEvent[]): GivenHint[] {
  const given = new Map<number, GivenHint>();
  for (const event of currentAttempt(sortByTime(events)).events) {
    if (event.type !== 'hint') continue;
    const data = hintDataSchema.safeParse(event.data);
    if (data.success && !given.has(data.data.index)) given.set(data.data.index, { ...data.data, ts: event.ts });
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
    const event = appendEvent(state.name, 'hint', `hint ${next.index} of ${scenario.hints.length} given`, { ...next, total: scenario.hints.length });
    const revealed: GivenHint = { ...next, ts: event.ts };
    return { revealed, given: [...given, revealed], total: scenario.hints.length };
  });
}
