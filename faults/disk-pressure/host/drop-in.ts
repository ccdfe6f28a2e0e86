import { PATHS } from '../../../src/stack/topology.js';
import type { DiskPressureParams } from './params.js';

/** The orders unit the drop-in applies to. */
export function tracedUnit(params: Pick<DiskPressureParams, 'instance'>): string {
  return `orders@${params.instance}.service`;
}

/** Where the drop-in lives in the app machine. */
export function dropInPath(params: Pick<DiskPressureParams, 'instance' | 'dropIn'>): string {
  return `/etc/systemd/system/${tracedUnit(params)}.d/${params.dropIn}`;
}

/** The trace log's path inside the data volume. */
export function tracePath(params: Pick<DiskPressureParams, 'traceFile'>, dataDir: string = PATHS.appData): string {
  return `${dataDir}/${params.traceFile}`;
}

/** The debug drop-in someone "forgot" to remove: a padded per-request trace log on the data volume. */
export function renderTraceDropIn(params: DiskPressureParams): string {
  return [
    '# Request tracing while we chase the slow-checkout reports.',
    '# Log rotation for this file is handled by the nightly cleanup job.',
    '[Service]',
    `Environment=ORDERS_TRACE_LOG=${tracePath(params)}`,
    `Environment=ORDERS_TRACE_PAD_BYTES=${params.padBytes}`,
    '',
  ].join('\n');
}
