import { describeDraw, drawOf } from './draw.js';
import type { SessionSummary } from '../access/sessions.js';
import { SEAT_EVENT } from '../core/seat-events.js';
import { eventsOfType, type TimelineEvent, type TimelineEventType } from '../core/timeline.js';
import type { Scenario } from '../schema/scenario.js';
import type { EnvState } from '../schema/state.js';
import { formatDuration, parseDuration } from '../utils/duration.js';
import { currentAttempt, sortByTime } from './attempt.js';
import { listGivenHints } from './hints.js';

/** One line of the report's timeline; `offsetMs` is relative to the current attempt's `ready` (negative before it). */
export interface ReportTimelineEntry {
  readonly ts: string;
  readonly offsetMs: number | null;
  readonly type: string;
  readonly text: string;
}

export interface ReportCriterion {
  readonly name: string;
  readonly passed: boolean;
  readonly evidence: string;
}

export interface ReportCheck {
  readonly ts: string;
  readonly offsetMs: number | null;
  readonly passed: boolean;
  readonly faults: readonly { readonly fault: string; readonly passed: boolean; readonly criteria: readonly ReportCriterion[] }[];
}

export type ReportResolution =
  | { readonly resolved: true; readonly at: string; readonly afterMs: number }
  | { readonly resolved: false; readonly reason: string };

export interface ReportTimebox {
  readonly limit: string;
  readonly limitMs: number;
  /** Time to resolve, or time since ready while unresolved. */
  readonly usedMs: number;
  readonly exceeded: boolean;
  /** True while unresolved: the clock is still running. */
  readonly running: boolean;
}

export interface ReportSession {
  readonly id: string;
  readonly machine: string;
  readonly user: string;
  readonly mode: string;
  readonly started: string;
  readonly ended: string | null;
  readonly offsetMs: number | null;
  readonly durationMs: number | null;
  /** `faultline play …` for recorded sessions; null for file transfers. */
  readonly play: string | null;
}

/** Everything the report shows, independent of how it is rendered. Serialised as-is by `report --json`. */
export interface ReportModel {
  readonly env: {
    readonly name: string;
    readonly scenario: string;
    readonly title: string | null;
    readonly level: number | null;
    readonly candidate: string;
    readonly target: string;
    readonly seed: number;
    readonly phase: string;
    readonly createdAt: string;
    /** How the scenario was drawn (`up --draw`), for the interviewer; null when it was named. */
    readonly draw: string | null;
  };
  readonly readyAt: string | null;
  readonly generatedAt: string;
  readonly timeline: readonly ReportTimelineEntry[];
  readonly hints: { readonly given: readonly { readonly index: number; readonly text: string; readonly ts: string; readonly offsetMs: number | null }[]; readonly total: number | null };
  readonly alerts: readonly { readonly ts: string; readonly offsetMs: number | null; readonly status: string; readonly names: readonly string[] }[];
  readonly checks: readonly ReportCheck[];
  readonly resolution: ReportResolution;
  readonly timebox: ReportTimebox | null;
  /** The last check of the current attempt. */
  readonly verdict: ReportCheck | null;
  readonly sessions: readonly ReportSession[];
  readonly debrief: Scenario['debrief'] | null;
  /** Things the report could not include, said plainly. */
  readonly notes: readonly string[];
}

export interface ReportInput {
  readonly state: Pick<EnvState, 'name' | 'scenario' | 'candidate' | 'target' | 'seed' | 'phase' | 'createdAt' | 'readyAt'> & { readonly extra?: EnvState['extra'] };
  /** Undefined when the scenario file could not be loaded. */
  readonly scenario: Scenario | undefined;
  readonly events: readonly TimelineEvent[];
  readonly sessions: readonly SessionSummary[];
  readonly now: Date;
  readonly notes?: readonly string[];
}

/** Event kinds shown in the report's timeline. */
const SHOWN_TYPES = new Set<TimelineEventType>(['ready', 'hint', 'alert', 'check', 'failed', 'down', 'reset', 'session.start', 'session.end', ...Object.values(SEAT_EVENT)]);

/** Build the report from the environment, its scenario, timeline and sessions. Pure. */
export function buildReport(input: ReportInput): ReportModel {
  const events = sortByTime(input.events);
  const attempt = currentAttempt(events);
  const readyAt = attempt.ready?.ts ?? input.state.readyAt ?? null;
  const readyMs = readyAt === null ? null : Date.parse(readyAt);
  const offset = (ts: string): number | null => (readyMs === null ? null : Date.parse(ts) - readyMs);
  const attemptEvents = attempt.ready ? attempt.events : events;

  const checks = eventsOfType(attemptEvents, 'check').map((event): ReportCheck => ({ ts: event.ts, offsetMs: offset(event.ts), ...event.data }));
  const alerts = eventsOfType(attemptEvents, 'alert').map((event) => ({ ts: event.ts, offsetMs: offset(event.ts), status: event.data.status, names: event.data.alerts }));
  const resolution = measureResolution(readyAt, checks);
  return {
    env: {
      name: input.state.name,
      scenario: input.state.scenario,
      title: input.scenario?.title ?? null,
      level: input.scenario?.level ?? null,
      candidate: input.state.candidate,
      target: input.state.target,
      seed: input.state.seed,
      phase: input.state.phase,
      createdAt: input.state.createdAt,
      draw: ((draw) => (draw ? describeDraw(draw) : null))(drawOf(input.state)),
    },
    readyAt,
    generatedAt: input.now.toISOString(),
    timeline: events.filter(isShown).map((event) => ({ ts: event.ts, offsetMs: offset(event.ts), type: event.type, text: describeEvent(event) })),
    hints: { given: listGivenHints(events).map((hint) => ({ ...hint, offsetMs: offset(hint.ts) })), total: input.scenario?.hints.length ?? null },
    alerts,
    checks,
    resolution,
    timebox: measureTimebox(input.scenario?.timebox, readyMs, resolution, input.now),
    verdict: checks.at(-1) ?? null,
    sessions: input.sessions.map((session) => describeSession(session, input.state.name, offset)),
    debrief: input.scenario?.debrief ?? null,
    notes: input.notes ?? [],
  };
}

/** Time to resolve: from ready to the first passing check after it. Pure. */
export function measureResolution(readyAt: string | null, checks: readonly ReportCheck[]): ReportResolution {
  if (readyAt === null) return { resolved: false, reason: 'the environment never became ready' };
  const first = checks.find((check) => check.passed && Date.parse(check.ts) >= Date.parse(readyAt));
  if (first) return { resolved: true, at: first.ts, afterMs: Date.parse(first.ts) - Date.parse(readyAt) };
  if (checks.length === 0) return { resolved: false, reason: 'no check has been run' };
  return { resolved: false, reason: `${checks.length} check${checks.length === 1 ? '' : 's'}, none passed` };
}

function measureTimebox(limit: string | undefined, readyMs: number | null, resolution: ReportResolution, now: Date): ReportTimebox | null {
  if (limit === undefined || readyMs === null) return null;
  const limitMs = parseDuration(limit);
  const usedMs = resolution.resolved ? resolution.afterMs : Math.max(0, now.getTime() - readyMs);
  return { limit, limitMs, usedMs, exceeded: usedMs > limitMs, running: !resolution.resolved };
}

function isShown(event: TimelineEvent): boolean {
  return SHOWN_TYPES.has(event.type);
}

/** The report's line for an event, from its typed fields; kinds with nothing more to say print their message. */
function describeEvent(event: TimelineEvent): string {
  switch (event.type) {
    case SEAT_EVENT.note:
      return `note${event.data.author ? ` (${event.data.author})` : ''}: ${event.data.text}`;
    case 'hint':
      return `hint ${event.data.index}: ${event.data.text}`;
    case 'check': {
      const faults = event.data.faults.map((fault) => `${fault.fault} ${fault.passed ? 'fixed' : 'not fixed'}`);
      return `check ${event.data.passed ? 'passed' : 'failed'}${faults.length ? ` (${faults.join(', ')})` : ''}`;
    }
    case 'alert':
      return `alert ${event.data.status}: ${event.data.alerts.join(', ')}`;
    default:
      return event.message;
  }
}

function describeSession(session: SessionSummary, env: string, offset: (ts: string) => number | null): ReportSession {
  const durationMs = session.ended === null ? null : Math.max(0, Date.parse(session.ended) - Date.parse(session.started));
  return {
    id: session.id,
    machine: session.machine,
    user: session.user,
    mode: session.mode,
    started: session.started,
    ended: session.ended,
    offsetMs: offset(session.started),
    durationMs,
    play: session.castPath === null ? null : `faultline play ${env} ${session.id}`,
  };
}

/** "+1m23s", "-20s", or "" without a ready time. */
export function formatOffset(offsetMs: number | null): string {
  if (offsetMs === null) return '';
  return `${offsetMs < 0 ? '-' : '+'}${formatDuration(Math.abs(offsetMs))}`;
}
