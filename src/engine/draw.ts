import { FAULT_AREAS, type FaultArea } from '../core/fault.js';
import { createRng } from '../core/rng.js';
import { targetName, type TargetName } from '../schema/scenario.js';
import { FaultlineError } from '../errors/index.js';
import { z } from 'zod';
import type { ScenarioRow } from './catalogue.js';

/** Which scenarios a draw may pick from. Every part that is set must hold. */
export interface ScenarioFilter {
  readonly level?: { readonly min: number; readonly max: number };
  /** The scenario has at least one fault in one of these areas. */
  readonly areas?: readonly FaultArea[];
  /** The scenario runs on this target. */
  readonly target?: TargetName;
  /** Number of faults in the scenario. */
  readonly faults?: { readonly min: number; readonly max: number };
}

const KEYS = ['level', 'area', 'target', 'faults'] as const;
const SYNTAX = 'space-separated key=value terms: level=4-6 area=tls,networking target=local faults=1-2';

/**
 * Parse a draw filter such as `level=4-6 area=tls,dns target=local`.
 * Throws USAGE naming the bad term and the syntax.
 */
export function parseScenarioFilter(text: string): ScenarioFilter {
  const filter: { -readonly [K in keyof ScenarioFilter]: ScenarioFilter[K] } = {};
  for (const term of text.trim().split(/\s+/).filter((t) => t.length > 0)) {
    const [key, value] = term.split('=', 2) as [string, string | undefined];
    if (value === undefined || value === '' || !(KEYS as readonly string[]).includes(key)) {
      throw usage(`"${term}" is not a filter term.`);
    }
    if (key === 'level' || key === 'faults') {
      const range = parseRange(value, key === 'level' ? [1, 6] : [0, 20]);
      if (range === undefined) throw usage(`${key}=${value}: expected a number or a range such as ${key === 'level' ? '4-6' : '1-2'}.`);
      filter[key] = range;
    } else if (key === 'area') {
      const areas = value.split(',');
      const unknown = areas.filter((a) => !(FAULT_AREAS as readonly string[]).includes(a));
      if (unknown.length > 0) throw usage(`area=${value}: unknown area ${unknown.map((a) => `"${a}"`).join(', ')}; areas: ${FAULT_AREAS.join(', ')}.`);
      filter.areas = areas as FaultArea[];
    } else {
      const parsed = targetName.safeParse(value);
      if (!parsed.success) throw usage(`target=${value}: expected one of ${targetName.options.join(', ')}.`);
      filter.target = parsed.data;
    }
  }
  return filter;
}

/** Does a scenario row match the filter? */
export function matchesFilter(row: ScenarioRow, filter: ScenarioFilter): boolean {
  if (filter.level && (row.level < filter.level.min || row.level > filter.level.max)) return false;
  if (filter.faults && (row.faults.length < filter.faults.min || row.faults.length > filter.faults.max)) return false;
  if (filter.areas && !row.areas.some((a) => filter.areas?.includes(a))) return false;
  if (filter.target && !row.targets.includes(filter.target)) return false;
  return true;
}

/** What a draw picked, and from what: kept in the environment's state for the interviewer. */
export interface Draw {
  readonly filter: string;
  readonly seed: number;
  readonly candidates: readonly string[];
  readonly scenario: string;
}

/**
 * A seeded choice among the scenarios matching `filterText` (fault-free
 * scenarios such as the baseline are never drawn). The same seed and
 * catalogue give the same scenario. Throws NO_MATCH… as USAGE when nothing matches.
 */
export function drawScenario(rows: readonly ScenarioRow[], filterText: string, seed: number): Draw {
  const filter = parseScenarioFilter(filterText);
  const candidates = rows.filter((row) => row.faults.length > 0 && matchesFilter(row, filter)).map((row) => row.id).sort();
  if (candidates.length === 0) {
    throw new FaultlineError('USAGE', `No scenario matches the draw filter "${filterText}".`, {
      hint: 'Widen it (a level range, more areas), or run `faultline scenarios --filter "…"` to see what matches.',
    });
  }
  const scenario = createRng(seed).fork(`draw:${filterText}`).pick(candidates);
  return { filter: filterText, seed, candidates, scenario };
}

function parseRange(value: string, [lo, hi]: [number, number]): { min: number; max: number } | undefined {
  const match = /^(\d+)(?:-(\d+))?$/.exec(value);
  if (!match) return undefined;
  const min = Number(match[1]);
  const max = match[2] === undefined ? min : Number(match[2]);
  if (min < lo || max > hi || min > max) return undefined;
  return { min, max };
}

function usage(message: string): FaultlineError {
  return new FaultlineError('USAGE', message, { hint: `A draw filter is ${SYNTAX}.` });
}

const drawSchema = z.object({ filter: z.string(), seed: z.number(), candidates: z.array(z.string()), scenario: z.string() });

/** The draw saved in an environment's state (`extra.draw`), if it was drawn. */
export function drawOf(state: { readonly extra?: Readonly<Record<string, unknown>> }): Draw | undefined {
  const parsed = drawSchema.safeParse(state.extra?.draw);
  return parsed.success ? parsed.data : undefined;
}

/** For the interviewer: `drawn: tls-broken-chain, 1 of 6 scenarios matching "level=2-4" (seed 7)`. */
export function describeDraw(draw: Draw): string {
  return `drawn: ${draw.scenario}, 1 of ${draw.candidates.length} scenario(s) matching "${draw.filter}" (seed ${draw.seed}): ${draw.candidates.join(', ')}`;
}
