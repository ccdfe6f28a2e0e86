import { z } from 'zod';
import { envStateSchema } from '../schema/state.js';

/** A FaultlineError as `--json` reports it (src/cli/main.ts). */
export const envelopeErrorSchema = z.object({
  code: z.string(),
  title: z.string(),
  message: z.string(),
  details: z.array(z.string()).readonly(),
  hint: z.string().nullable(),
});

/**
 * The one JSON document every `--json` command prints: the same names for the same things.
 * `environment` is always an environment's name, `environments` always a list of names; a whole
 * state.json is `state` (one) or `states` (a list); `note` is a human remark. Command-specific fields pass through.
 * No command streams JSON (watch refuses --json, play --json describes the recording); one that does would print
 * NDJSON, one envelope a line.
 */
export const envelopeSchema = z.looseObject({
  version: z.literal(1),
  /** True when the command did what was asked; false for a check or selftest that found something not passing, and for errors. */
  ok: z.boolean(),
  environment: z.string().optional(),
  environments: z.array(z.string()).optional(),
  state: envStateSchema.optional(),
  states: z.array(envStateSchema).optional(),
  /** `up`, `replay`, `reset`: the environment was taken from a pool, or started (rebuilt, for a reset) cold. */
  from: z.enum(['pool', 'cold']).optional(),
  /** `reset` from the pool: the environment it replaced (torn down; its name still resolves to `environment`). */
  previousEnvironment: z.string().optional(),
  error: envelopeErrorSchema.optional(),
  /**
   * Work that goes on after the command returned, one entry per environment (`down` without --wait): the process
   * doing it and its log (none when another command started that process).
   */
  background: z.array(z.object({ name: z.string(), pid: z.number().int(), log: z.string().optional() })).optional(),
});

export type Envelope = z.input<typeof envelopeSchema>;
