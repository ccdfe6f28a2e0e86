import { z } from 'zod';

/** Lower-case words joined by single hyphens: used in env names, machine names and file names. */
export const slug = z
  .string()
  .regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, 'lower-case letters, digits and single hyphens, starting with a letter')
  .max(32);

/** "45m", "1h30m", "90s". */
export const duration = z
  .string()
  .regex(/^(?:\d+h)?(?:\d+m)?(?:\d+s)?$/, 'a duration such as 45m, 1h30m or 90s')
  .refine((s) => s.length > 0, 'a duration such as 45m, 1h30m or 90s');

export const targetName = z.enum(['local', 'aws', 'kubernetes']);
export type TargetName = z.infer<typeof targetName>;

export const scenarioFault = z
  .strictObject({
    id: slug.describe('Fault id from faults/registry.ts'),
    params: z.record(z.string(), z.unknown()).default({}).describe("The fault's params; anything left out is drawn from the seed"),
  })
  .describe('One fault to inject');

export const scenarioHandout = z
  .strictObject({
    role: z.enum(['edge', 'app', 'store', 'mon']).describe('The machine the file is put on'),
    path: z
      .string()
      .regex(/^\/srv\/interview\/[A-Za-z0-9._-]+$/, 'a file directly under /srv/interview/, such as /srv/interview/PROBLEM-1.md')
      .describe('Where the candidate finds it'),
    text: z.string().min(1).describe('Candidate-facing text: a problem statement, or a write-up template to fill in'),
    writable: z.boolean().default(false).describe('true for a write-up the candidate edits (mode 0666)'),
  })
  .describe('A file handed to the candidate on a machine after inject (problem statements, a write-up template)');

export const scenarioSchema = z
  .strictObject({
    id: slug.describe('Must match the file name (scenarios/<id>.yaml)'),
    title: z.string().min(3),
    level: z.number().int().min(1).max(6).describe('1 (junior) … 6 (staff): what is expected of the candidate'),
    summary: z.string().min(10).describe('For the interviewer: what is broken and why'),
    briefing: z.string().min(10).describe('For the candidate: the incident as a pager would describe it — no spoilers'),
    targets: z.array(targetName).min(1).default(['local']),
    stack: z.literal('orders').default('orders').describe('Stack profile; only "orders" exists today'),
    faults: z.array(scenarioFault).default([]),
    hints: z.array(z.string().min(3)).default([]).describe('Progressive hints, least revealing first'),
    handouts: z.array(scenarioHandout).default([]).describe('Files put on the machines after inject: a problem file per issue, a write-up template'),
    timebox: duration.default('45m'),
    ttl: duration.default('4h').describe('The environment is reaped this long after `up`'),
    debrief: z
      .strictObject({
        rootCause: z.string().min(3),
        goodLooksLike: z.array(z.string()).default([]),
      })
      .describe('Notes for the interviewer after the session'),
  })
  .describe('A faultline scenario');

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
