import { SEAT_EVENT, type VoteValue } from '../../core/seat-events.js';
import { eventsOfType, type TimelineEvent } from '../../core/timeline.js';
import { sortByTime } from '../attempt.js';

export interface Vote {
  readonly panelist: string;
  readonly vote: VoteValue;
  readonly comment: string | null;
  readonly ts: string;
}

/** What a report shows of the votes, for one reader. */
export interface VotesView {
  /** The listed panel (last `panel` event); empty when none was listed. */
  readonly panel: readonly string[];
  /** Who has voted (names only, never how), in panel order then the rest. */
  readonly voted: readonly string[];
  /** Listed panelists who have not voted yet. */
  readonly waitingFor: readonly string[];
  /** True when every vote is shown: the whole panel voted, or `--reveal`. */
  readonly revealed: boolean;
  /** Why the votes are shown or hidden, in a sentence. */
  readonly reason: string;
  /** The votes this reader may see: all when revealed, else only the reader's own. */
  readonly visible: readonly Vote[];
}

export interface TallyOptions {
  /** The panelist reading the report (`report --panelist NAME`): sees their own vote while the rest are hidden. */
  readonly viewer?: string | undefined;
  /** Show every vote even before the whole panel voted. */
  readonly reveal?: boolean | undefined;
}

/** The latest vote of each panelist. Pure. */
export function latestVotes(events: readonly TimelineEvent[]): Vote[] {
  const votes = new Map<string, Vote>();
  for (const { ts, data } of eventsOfType(sortByTime(events), SEAT_EVENT.vote)) votes.set(data.panelist, { ...data, ts });
  return [...votes.values()];
}

/** The listed panel: the last `panel` event's names. Pure. */
export function listedPanel(events: readonly TimelineEvent[]): string[] {
  return eventsOfType(sortByTime(events), SEAT_EVENT.panel).at(-1)?.data.panelists ?? [];
}

/**
 * Votes as one reader may see them. Hidden until every listed panelist has
 * voted; without a listed panel they stay hidden until `reveal` (nobody can
 * say the panel is complete). A hidden vote never leaks through the names
 * (only who voted is shown) or the timeline (the report prints vote events
 * without their value). Pure.
 */
export function tallyVotes(events: readonly TimelineEvent[], options: TallyOptions = {}): VotesView {
  const panel = listedPanel(events);
  const votes = latestVotes(events);
  const names = new Set(votes.map((vote) => vote.panelist));
  const voted = [...panel.filter((name) => names.has(name)), ...votes.map((vote) => vote.panelist).filter((name) => !panel.includes(name))];
  const waitingFor = panel.filter((name) => !names.has(name));
  const complete = panel.length > 0 && waitingFor.length === 0;
  const revealed = complete || options.reveal === true;
  const reason = complete
    ? `every listed panelist (${panel.join(', ')}) has voted`
    : options.reveal === true
      ? `revealed with --reveal${panel.length > 0 ? ` before ${waitingFor.join(', ')} voted` : ''}`
      : panel.length === 0
        ? 'hidden: no panel is listed (faultline panel ENV NAME…), so they show only with --reveal'
        : `hidden until ${waitingFor.join(', ')} ${waitingFor.length === 1 ? 'votes' : 'vote'} (or --reveal)`;
  const visible = revealed ? votes : votes.filter((vote) => vote.panelist === options.viewer);
  return { panel, voted, waitingFor, revealed, reason, visible };
}
