import { parseArgs } from 'node:util';
import { z } from 'zod';
import { FaultlineError } from '../src/errors/index.js';

export const benchOptionsSchema = z.object({
  /** Also build the base image from scratch (needs the Debian archive, ~90 s). */
  cold: z.boolean(),
  /** Sequential warm runs per median (up/down, raw boot). */
  runs: z.number().int().min(1).max(50),
  /** Environments started at once in the concurrency figure. */
  concurrent: z.number().int().min(1).max(50),
  skipSelftest: z.boolean(),
  /** Fault scenarios the fault figures time (up, check, reset); undefined = every fault's own scenario. */
  faults: z.array(z.string().regex(/^[a-z0-9-]+$/, 'scenario ids (lower case, digits, -)')).min(1).optional(),
  json: z.boolean(),
  markdown: z.boolean(),
});
export type BenchOptions = z.infer<typeof benchOptionsSchema>;

export const BENCH_USAGE =
  'npm run bench -- [--cold] [--runs N] [--concurrent N] [--faults a,b,…] [--skip-selftest] [--quick] [--json | --markdown]';

/** Parse bench flags; --quick means runs=1, concurrent=2, no selftest unless given explicitly. */
export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  let values;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        cold: { type: 'boolean' },
        runs: { type: 'string' },
        concurrent: { type: 'string' },
        faults: { type: 'string' },
        'skip-selftest': { type: 'boolean' },
        quick: { type: 'boolean' },
        json: { type: 'boolean' },
        markdown: { type: 'boolean' },
      },
      strict: true,
    }).values;
  } catch (cause) {
    throw new FaultlineError('USAGE', (cause as Error).message, { hint: `Usage: ${BENCH_USAGE}`, cause });
  }
  const quick = values.quick === true;
  const candidate = {
    cold: values.cold === true,
    runs: parseCount('--runs', values.runs) ?? (quick ? 1 : 5),
    concurrent: parseCount('--concurrent', values.concurrent) ?? (quick ? 2 : 20),
    skipSelftest: values['skip-selftest'] === true || quick,
    faults: values.faults === undefined ? undefined : values.faults.split(',').map((id) => id.trim()),
    json: values.json === true,
    markdown: values.markdown === true,
  };
  const parsed = benchOptionsSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FaultlineError('USAGE', `--${String(issue?.path[0])}: ${issue?.message}`, { hint: `Usage: ${BENCH_USAGE}` });
  }
  if (parsed.data.json && parsed.data.markdown) {
    throw new FaultlineError('USAGE', '--json and --markdown are exclusive.', { hint: `Usage: ${BENCH_USAGE}` });
  }
  return parsed.data;
}

function parseCount(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) {
    throw new FaultlineError('USAGE', `${flag} ${JSON.stringify(text)} is not a whole number.`, { hint: `Usage: ${BENCH_USAGE}` });
  }
  return Number(text);
}
