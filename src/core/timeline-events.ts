import { z } from 'zod';
import { noteDataSchema, panelDataSchema, SEAT_EVENT, voteDataSchema, writeupDataSchema } from './seat-events.js';

/**
 * Every kind of timeline event, one zod schema each: the single source of
 * truth for what `timeline.jsonl` holds. Writers pass typed `data` (checked by
 * appendEvent), readers narrow on `type` and take the fields; `message` is
 * only the human line the report prints, never parsed.
 *
 * Kinds that carried no data before typed events (`provision.done`, `ready`,
 * `failed`, `down`, `reset`) keep `data` optional so older timelines (archives
 * of past interviews) still read.
 */
const kind = <T extends string, D extends z.ZodType>(type: T, data: D) =>
  z.object({ ts: z.string(), type: z.literal(type), message: z.string(), data });

/** Evidence as text; tolerates a non-string an older writer stored. */
const evidenceText = z.unknown().transform((value) => (typeof value === 'string' ? value : (JSON.stringify(value) ?? '')));
export const criterionSchema = z.object({ name: z.string(), passed: z.boolean(), evidence: evidenceText });
const ms = z.number().nonnegative();
const params = z.record(z.string(), z.unknown());

const faultOperationData = z.object({ fault: z.string(), params, ms });
const sessionData = z.object({
  session: z.string(),
  machine: z.string(),
  user: z.string(),
  clientIp: z.string().nullable(),
  /** tty, command or transfer (the recorder's meta.json). */
  mode: z.string(),
  command: z.string().nullable(),
});

export const checkDataSchema = z.object({
  passed: z.boolean(),
  faults: z.array(z.object({ fault: z.string(), passed: z.boolean(), criteria: z.array(criterionSchema).default([]) })).default([]),
});

export const alertDataSchema = z.object({
  status: z.string(),
  /** Distinct alert names of the notification. */
  alerts: z.array(z.string()).default([]),
  receivedAt: z.string(),
  receiver: z.string(),
  groupKey: z.string().optional(),
});

export const hintDataSchema = z.object({ index: z.number().int().positive(), text: z.string(), total: z.number().int().nonnegative() });

export const timelineEventSchema = z.discriminatedUnion('type', [
  kind('provision.start', z.object({ seed: z.number().int() })),
  kind('provision.done', z.object({ ms }).optional()),
  kind('gate.baseline', z.object({ passed: z.boolean(), ms, firstPassMs: z.record(z.string(), z.number()).default({}), criteria: z.array(criterionSchema) })),
  kind('gate.symptom', z.object({ passed: z.boolean(), ms, symptoms: z.array(z.object({ fault: z.string(), observed: z.boolean(), evidence: evidenceText })) })),
  kind('fault.inject', faultOperationData),
  kind('fault.solve', faultOperationData),
  kind('fault.revert', faultOperationData),
  /** What a fault logged through ctx.log (free-form details of its own). */
  kind('fault.log', z.object({ fault: z.string(), details: params.optional() })),
  kind('handouts', z.object({ files: z.array(z.object({ role: z.string(), path: z.string() })) })),
  kind('ready', z.object({ ms }).optional()),
  kind('failed', z.object({ step: z.string(), error: z.string() }).optional()),
  kind('check', checkDataSchema),
  kind('alert', alertDataSchema),
  kind('hint', hintDataSchema),
  /** `from`: pool (a pooled environment replaced this one, `into` names it) or cold (the machines were rebuilt in place). */
  kind('reset', z.object({ seed: z.number().int(), from: z.enum(['pool', 'cold']).optional(), into: z.string().optional() }).optional()),
  kind('down', z.object({}).optional()),
  kind('selftest.step', z.object({ step: z.string(), passed: z.boolean(), evidence: z.string() })),
  kind('selftest.wrong-fix', z.object({ fault: z.string(), wrongFix: z.string(), rejected: z.boolean(), failing: z.array(z.string()) })),
  /** A pool's environment passed its gates and waits for a candidate (`faultline pool`). */
  kind('pooled', z.object({ ms })),
  /** The first event of a candidate's timeline when the environment came from the pool. */
  kind('pool.taken', z.object({ kind: z.enum(['warm', 'hot']), pooledAt: z.string().optional(), seed: z.number().int() })),
  /** A fresh candidate key was installed (a pooled environment bound to its candidate). */
  kind('access.key', z.object({ fingerprint: z.string() })),
  kind('access.published', z.object({ bindAddress: z.string(), port: z.number().int() })),
  kind('teleport.registered', z.object({ nodeId: z.string(), addr: z.string(), via: z.enum(['tctl', 'file']) })),
  kind('session.start', sessionData),
  kind('session.end', sessionData.extend({ exitStatus: z.number().int().nullable() })),
  kind(SEAT_EVENT.note, noteDataSchema),
  kind(SEAT_EVENT.vote, voteDataSchema),
  kind(SEAT_EVENT.panel, panelDataSchema),
  kind(SEAT_EVENT.writeup, writeupDataSchema),
]);

/** One event as read from a timeline. */
export type TimelineEvent = z.infer<typeof timelineEventSchema>;
export type TimelineEventType = TimelineEvent['type'];
/** The event of kind `T`. */
export type TimelineEventOf<T extends TimelineEventType> = Extract<TimelineEvent, { type: T }>;

type Input = z.input<typeof timelineEventSchema>;
/** What a writer passes to appendEvent: an event without its stamp (`data` before defaults). */
export type TimelineEventInput = Input extends infer E ? (E extends unknown ? Omit<E, 'ts'> : never) : never;

/** Every kind's type name (from the schema itself, for tests and docs). */
export const TIMELINE_EVENT_TYPES: readonly TimelineEventType[] = timelineEventSchema.options.map((option) => option.shape.type.value);

/** The events of one kind, typed, in the given order. Pure. */
export function eventsOfType<T extends TimelineEventType>(events: readonly TimelineEvent[], type: T): TimelineEventOf<T>[] {
  return events.filter((event): event is TimelineEventOf<T> => event.type === type);
}
