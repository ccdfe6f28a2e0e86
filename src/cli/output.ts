import { z } from 'zod';
import type { Output } from './command.js';
import { envelopeSchema } from './envelope.js';

/** Output bound to the process's stdout/stderr. */
export function createOutput(jsonMode: boolean): Output {
  return {
    jsonMode,
    info: (line) => {
      if (!jsonMode) process.stdout.write(`${line}\n`);
    },
    progress: (line) => process.stderr.write(`${line}\n`),
    json: (value) => {
      const checked = envelopeSchema.safeParse(value);
      // A bug in faultline, not bad input: main reports it as an internal error.
      if (!checked.success) throw new Error(`--json output outside the envelope (src/cli/envelope.ts): ${z.prettifyError(checked.error)}`, { cause: checked.error });
      process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    },
  };
}

/** Render rows as an aligned text table. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}
