import type { Output } from './command.js';

/** Output bound to the process's stdout/stderr. */
export function createOutput(jsonMode: boolean): Output {
  return {
    jsonMode,
    info: (line) => {
      if (!jsonMode) process.stdout.write(`${line}\n`);
    },
    progress: (line) => process.stderr.write(`${line}\n`),
    json: (value) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
  };
}

/** Render rows as an aligned text table. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}
