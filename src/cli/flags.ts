import { z } from 'zod';
import { FaultlineError } from '../errors/index.js';
import { targetName } from '../schema/scenario.js';
import { parseDuration } from '../utils/duration.js';

/**
 * Flag schemas: each command's flags are one z.object whose keys are the flag
 * names. The same schema gives node:util parseArgs its options (a boolean
 * schema is a switch, an array one a repeatable string, anything else takes a
 * string) and validates the values, so a command's `run` gets them typed.
 */
export type FlagShape = Record<string, z.ZodType>;

export const flag = {
  string: () => z.string().optional(),
  boolean: () => z.boolean().optional(),
  repeated: () => z.array(z.string()).optional(),
  /** `--seed`: a whole number in [0, 2^31]. */
  seed: () =>
    z
      .string()
      .regex(/^\d+$/, 'expected a whole number between 0 and 2^31, e.g. the seed an earlier `up` printed')
      .transform(Number)
      .refine((seed) => seed <= 2 ** 31, 'expected a whole number between 0 and 2^31')
      .optional(),
  /** A whole number from `min` to `max`. */
  integer: (min: number, max: number) =>
    z
      .string()
      .regex(/^\d+$/, `expected a whole number from ${min} to ${max}`)
      .transform(Number)
      .refine((n) => n >= min && n <= max, `expected a whole number from ${min} to ${max}`)
      .optional(),
  /** Any finite number (the consumer checks its range). */
  number: () =>
    z
      .string()
      .refine((text) => text.trim() !== '' && Number.isFinite(Number(text)), 'expected a number')
      .transform(Number)
      .optional(),
  /** A positive number of seconds. */
  seconds: () =>
    z
      .string()
      .refine((text) => text.trim() !== '' && Number(text) > 0 && Number.isFinite(Number(text)), 'expected a positive number of seconds')
      .transform(Number)
      .optional(),
  /** A duration such as 90m, 2h or 1h30m, in milliseconds. */
  duration: () =>
    z
      .string()
      .refine((text) => /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.test(text) && text !== '' && parseDuration(text) > 0, 'expected a duration such as 90m, 2h or 1h30m')
      .transform(parseDuration)
      .optional(),
  target: () => targetName.optional(),
};

/** parseArgs options for a flag shape (plus the short aliases a command declares). */
export function parseArgsOptions(shape: FlagShape, shorts: Readonly<Record<string, string>> = {}): Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> {
  return Object.fromEntries(
    Object.entries(shape).map(([name, schema]) => {
      const base = baseType(schema);
      const short = shorts[name];
      return [name, { type: base === 'boolean' ? 'boolean' : 'string', ...(base === 'array' ? { multiple: true } : {}), ...(short ? { short } : {}) }];
    }),
  );
}

/** The zod type under optional / default / pipe wrappers: what parseArgs must hand it. */
function baseType(schema: z.ZodType): string {
  let current = schema as z.ZodType & { def: { type: string; innerType?: z.ZodType; in?: z.ZodType } };
  for (;;) {
    const { def } = current;
    if ((def.type === 'optional' || def.type === 'default' || def.type === 'nullable') && def.innerType) current = def.innerType as typeof current;
    else if (def.type === 'pipe' && def.in) current = def.in as typeof current;
    else return def.type;
  }
}

/** Validate parsed flag values against the command's schema; a bad value is a USAGE error naming the flag and what was expected. */
export function validateFlags<S extends FlagShape>(shape: S, values: Record<string, unknown>, usage: string): z.infer<z.ZodObject<S>> {
  const parsed = z.object(shape).safeParse(values);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const name = String(issue?.path[0] ?? '?');
  const got = values[name];
  throw new FaultlineError('USAGE', `--${name} ${JSON.stringify(got)}: ${issue?.message ?? 'invalid value'}.`, { hint: `Usage: ${usage}` });
}
