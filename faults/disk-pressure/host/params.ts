import { z } from 'zod';
import type { Rng } from '../../../src/core/rng.js';

/** Names the trace log may have inside the data volume. */
export const TRACE_FILE_NAMES = ['trace.log', 'orders-trace.log', 'request-trace.log'] as const;
/** Names the debug drop-in may have. */
export const DROP_IN_NAMES = ['debug.conf', '10-tracing.conf', 'zz-debug-trace.conf'] as const;
/** Padding per trace line: large enough that the log refills the volume in minutes. */
export const PAD_BYTES = [65536, 131072, 262144] as const;

export interface DiskPressureParams {
  /** The orders instance that gets the debug drop-in. */
  readonly instance: 1 | 2;
  /** File name of the trace log in the data volume. */
  readonly traceFile: string;
  /** File name of the drop-in under /etc/systemd/system/orders@N.service.d/. */
  readonly dropIn: string;
  /** ORDERS_TRACE_PAD_BYTES. */
  readonly padBytes: number;
}

const fileName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'a plain file name such as trace.log');

/** Params as a scenario may give them; everything left out is drawn from the seed. */
export const diskPressureParams = z.strictObject({
  instance: z.union([z.literal(1), z.literal(2)]).optional(),
  traceFile: fileName.optional(),
  dropIn: fileName.refine((name) => name.endsWith('.conf'), 'a drop-in name ending in .conf').optional(),
  padBytes: z.number().int().min(4096).max(16 * 1024 * 1024).optional(),
});

/** Complete the params: given values win, each missing one comes from its own fork of `rng`. */
export function resolveDiskPressureParams(given: Partial<DiskPressureParams>, rng: Rng): DiskPressureParams {
  return {
    instance: given.instance ?? rng.fork('instance').pick([1, 2] as const),
    traceFile: given.traceFile ?? rng.fork('traceFile').pick(TRACE_FILE_NAMES),
    dropIn: given.dropIn ?? rng.fork('dropIn').pick(DROP_IN_NAMES),
    padBytes: given.padBytes ?? rng.fork('padBytes').pick(PAD_BYTES),
  };
}
