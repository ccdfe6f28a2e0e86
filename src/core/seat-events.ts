import { z } from 'zod';

/**
 * Timeline events written from the interviewer's seat (notes, votes, the
 * panel, the candidate's write-up). One place for their type names and data
 * shapes: writers build `data` through these schemas, readers parse with them.
 */
export const SEAT_EVENT = {
  note: 'note',
  vote: 'vote',
  panel: 'panel',
  writeup: 'writeup.collected',
} as const;
export type SeatEventType = (typeof SEAT_EVENT)[keyof typeof SEAT_EVENT];

/** A panelist's name as typed on the command line: `ada`, `grace.h`, `Sam-2`. */
export const panelistName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9._-]{0,39}$/, 'a name of letters, digits, dots, dashes or underscores, starting with a letter (at most 40)');

/** The two votes of the debrief: +1 (hire) and -2 (strong no). */
export const voteValue = z.enum(['+1', '-2']);
export type VoteValue = z.infer<typeof voteValue>;

export const noteDataSchema = z.object({
  text: z.string().min(1),
  /** Who wrote it, when given (`note --by NAME`). */
  author: panelistName.nullable(),
});
export type NoteData = z.infer<typeof noteDataSchema>;

export const voteDataSchema = z.object({
  panelist: panelistName,
  vote: voteValue,
  comment: z.string().nullable(),
});
export type VoteData = z.infer<typeof voteDataSchema>;

/** The panel whose votes must all be in before anyone sees the others'. The last `panel` event wins. */
export const panelDataSchema = z.object({
  panelists: z.array(panelistName).min(1),
});
export type PanelData = z.infer<typeof panelDataSchema>;

export const writeupDataSchema = z.object({
  /** sha256 of the collected text. */
  sha256: z.string(),
  lines: z.number().int().nonnegative(),
  /** True while the file is still the template the environment was given. */
  untouched: z.boolean(),
});
export type WriteupData = z.infer<typeof writeupDataSchema>;
