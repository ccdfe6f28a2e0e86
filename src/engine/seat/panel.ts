import { appendEventIn, readTimelineIn, type TimelineEvent } from '../../core/timeline.js';
import { noteDataSchema, panelDataSchema, panelistName, SEAT_EVENT, voteDataSchema, type VoteValue } from '../../core/seat-events.js';
import { FaultlineError } from '../../errors/index.js';
import { withLock } from '../../utils/lock.js';
import { seatPaths, type InterviewRecord } from './record.js';
import { listedPanel } from './votes.js';

/** Parse a panelist name, or a USAGE error saying what a name may be. */
export function parsePanelist(value: unknown, what = 'panelist'): string {
  const parsed = panelistName.safeParse(value);
  if (!parsed.success) {
    throw new FaultlineError('USAGE', `${JSON.stringify(value)} is not a valid ${what} name: ${parsed.error.issues[0]?.message ?? 'invalid'}.`, {
      hint: 'Use a short name such as ada or grace.h.',
    });
  }
  return parsed.data;
}

/** A note onto the interview's timeline, stamped now. Works after `down` (onto the archive). */
export async function addNote(record: InterviewRecord, text: string, author: string | null): Promise<TimelineEvent> {
  const trimmed = text.trim();
  if (trimmed.length === 0) throw new FaultlineError('USAGE', 'The note is empty.', { hint: 'faultline note <env> "what you saw"' });
  const data = noteDataSchema.parse({ text: trimmed, author });
  return withLock(seatPaths(record.dir).lock, async () => appendEventIn(record.dir, { type: SEAT_EVENT.note, message: `note${author ? ` by ${author}` : ''}`, data }));
}

/**
 * Record a panelist's vote (+1 or -2, with an optional comment). A later vote
 * by the same panelist replaces the earlier one. When a panel is listed, only
 * its members may vote, so a typo cannot count as a vote nor block the reveal.
 */
export async function castVote(record: InterviewRecord, panelist: string, vote: VoteValue, comment: string | null): Promise<{ readonly event: TimelineEvent; readonly replaced: boolean }> {
  const data = voteDataSchema.parse({ panelist, vote, comment: comment?.trim() || null });
  return withLock(seatPaths(record.dir).lock, async () => {
    const events = await readTimelineIn(record.dir);
    const panel = listedPanel(events);
    if (panel.length > 0 && !panel.includes(panelist)) {
      throw new FaultlineError('USAGE', `${panelist} is not on the panel of ${record.state.name} (${panel.join(', ')}).`, {
        hint: `Check the spelling, or list the panel again: faultline panel ${record.state.name} ${[...panel, panelist].join(' ')}`,
      });
    }
    const replaced = events.some((event) => event.type === SEAT_EVENT.vote && event.data.panelist === panelist);
    // The message carries no value: timelines and reports never leak a hidden vote.
    const event = appendEventIn(record.dir, { type: SEAT_EVENT.vote, message: `${panelist} voted`, data });
    return { event, replaced };
  });
}

/** List the panel whose votes must all be in before they are shown. Replaces an earlier list. */
export async function setPanel(record: InterviewRecord, panelists: readonly string[]): Promise<TimelineEvent> {
  const unique = [...new Set(panelists)];
  const data = panelDataSchema.parse({ panelists: unique });
  return withLock(seatPaths(record.dir).lock, async () => appendEventIn(record.dir, { type: SEAT_EVENT.panel, message: `panel: ${unique.join(', ')}`, data }));
}
