import { z } from 'zod';

/**
 * `<id>.meta.json`, written by the recorder (faultline-session) inside each
 * machine: at session start with `ended: null`, again at the end.
 */
export const sessionMetaSchema = z.object({
  version: z.literal(1),
  id: z.string().regex(/^[A-Za-z0-9._-]+$/),
  machine: z.string(),
  user: z.string(),
  clientIp: z.string().nullable(),
  clientPort: z.string().nullable(),
  /** tty: recorded with `script`; command: stdout/stderr teed, no timing; transfer: not recorded. */
  mode: z.enum(['tty', 'command', 'transfer']),
  /** The command the client asked for; null for an interactive shell. */
  command: z.string().nullable(),
  term: z.string().nullable(),
  cols: z.number().int().nullable(),
  rows: z.number().int().nullable(),
  started: z.string(),
  /** Null while the session is still open (or when the machine stopped mid-session). */
  ended: z.string().nullable(),
  exitStatus: z.number().int().nullable(),
});
export type SessionMeta = z.infer<typeof sessionMetaSchema>;
