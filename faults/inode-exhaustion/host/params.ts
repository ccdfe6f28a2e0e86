import { z } from 'zod';
import type { Rng } from '../../../src/core/rng.js';

/** The "cache" units that can be the writer, each with the directory it fills under the data volume. */
export const WRITERS = {
  'orders-session-cache': 'sessions',
  'orders-receipt-spool': 'spool/receipts',
  'orders-render-cache': '.cache/render',
} as const;
export type WriterName = keyof typeof WRITERS;
export const WRITER_NAMES = Object.keys(WRITERS) as WriterName[];

/** flat: every file in one directory; hashed: 256 sub-directories named by the id's first two hex digits. */
export const LAYOUTS = ['flat', 'hashed'] as const;
export type SpoolLayout = (typeof LAYOUTS)[number];

/** Bytes per cached file: small enough that inodes run out long before space does. */
export const FILE_BYTES = [96, 512, 1536] as const;

export interface InodeExhaustionParams {
  /** The unit (and /usr/local/bin script) that writes the files. */
  readonly writer: WriterName;
  readonly layout: SpoolLayout;
  readonly fileBytes: number;
}

/** Params as a scenario may give them; everything left out is drawn from the seed. */
export const inodeExhaustionParams = z.strictObject({
  writer: z.enum(WRITER_NAMES as [WriterName, ...WriterName[]]).optional(),
  layout: z.enum(LAYOUTS).optional(),
  fileBytes: z.number().int().min(1).max(3072).optional(),
});

/** Complete the params: given values win, each missing one comes from its own fork of `rng`. */
export function resolveInodeExhaustionParams(given: Partial<InodeExhaustionParams>, rng: Rng): InodeExhaustionParams {
  return {
    writer: given.writer ?? rng.fork('writer').pick(WRITER_NAMES),
    layout: given.layout ?? rng.fork('layout').pick(LAYOUTS),
    fileBytes: given.fileBytes ?? rng.fork('fileBytes').pick(FILE_BYTES),
  };
}
