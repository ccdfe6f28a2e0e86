import { z } from 'zod';
import { FaultlineError } from '../errors/index.js';

/** asciicast v2 header (first line of a .cast file). */
export const asciicastHeaderSchema = z.object({
  version: z.literal(2),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  timestamp: z.number().int().optional(),
  title: z.string().optional(),
  env: z.record(z.string(), z.string()).optional(),
});
export type AsciicastHeader = z.infer<typeof asciicastHeaderSchema>;

/** `o` output, `i` input, `r` resize ("COLSxROWS"), `m` marker. */
export type AsciicastEventType = 'o' | 'i' | 'r' | 'm';
/** `[seconds since start, type, data]`. */
export type AsciicastEvent = readonly [number, AsciicastEventType, string];

export interface Asciicast {
  readonly header: AsciicastHeader;
  readonly events: readonly AsciicastEvent[];
}

/** Serialise to asciicast v2: one JSON header line, then one JSON array per event. */
export function formatAsciicast(cast: Asciicast): string {
  const lines = [JSON.stringify(cast.header)];
  for (const [time, type, data] of cast.events) lines.push(JSON.stringify([roundTime(time), type, data]));
  return `${lines.join('\n')}\n`;
}

/** Parse an asciicast v2 file; throws INVALID_PARAMS naming the bad line. */
export function parseAsciicast(text: string): Asciicast {
  const lines = text.split('\n').filter((line) => line.trim().length > 0);
  const [first, ...rest] = lines;
  if (first === undefined) throw new FaultlineError('INVALID_PARAMS', 'The recording is empty (no asciicast header).');
  const header = asciicastHeaderSchema.safeParse(parseJsonLine(first, 1));
  if (!header.success) {
    throw new FaultlineError('INVALID_PARAMS', 'The recording does not start with an asciicast v2 header.', {
      details: header.error.issues.map((issue) => `${issue.path.join('.') || '(header)'}: ${issue.message}`),
    });
  }
  const events = rest.map((line, index): AsciicastEvent => {
    const value = parseJsonLine(line, index + 2);
    if (
      !Array.isArray(value) ||
      typeof value[0] !== 'number' ||
      !['o', 'i', 'r', 'm'].includes(value[1] as string) ||
      typeof value[2] !== 'string'
    ) {
      throw new FaultlineError('INVALID_PARAMS', `Line ${index + 2} of the recording is not an asciicast event [time, type, data].`, {
        details: [line.slice(0, 120)],
      });
    }
    return [value[0], value[1] as AsciicastEventType, value[2]];
  });
  return { header: header.data, events };
}

function parseJsonLine(line: string, number: number): unknown {
  try {
    return JSON.parse(line);
  } catch (cause) {
    throw new FaultlineError('INVALID_PARAMS', `Line ${number} of the recording is not JSON.`, { details: [line.slice(0, 120)], cause });
  }
}

/** Microsecond precision, as asciinema writes it. */
function roundTime(seconds: number): number {
  return Math.round(seconds * 1e6) / 1e6;
}
