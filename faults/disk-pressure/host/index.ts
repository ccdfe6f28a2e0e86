import type { FaultContext, FaultImplementation } from '../../../src/core/fault.js';
import { verifyResult, type Criterion } from '../../../src/core/evidence.js';
import { FaultlineError } from '../../../src/errors/index.js';
import { PATHS, PORTS } from '../../../src/stack/topology.js';
import { describeAlertStates } from '../../shared/alert-state.js';
import { shChecked, shellQuote } from '../../shared/exec-checked.js';
import { dropInPath, renderTraceDropIn, tracedUnit, tracePath } from './drop-in.js';
import { diskPressureParams, resolveDiskPressureParams, type DiskPressureParams } from './params.js';
import { createOrders, describePosts } from '../../shared/post-orders.js';
import { findTraceLogsOnVolume, traceConfigScript } from './trace-config.js';
import {
  deletedOpenFilesScript,
  describeVolumeUsage,
  fillAndDeleteScript,
  freePercent,
  journalFingerprintScript,
  parseJournalFingerprint,
  parseVolumeUsage,
  volumeUsageScript,
  writeUntilRefusedScript,
} from './volume-scripts.js';

export type { DiskPressureParams } from './params.js';

/** The orders journal whose contents a fix must keep. */
export const JOURNAL = `${PATHS.appData}/orders.jsonl`;
/** On app, outside the volume: the journal's fingerprint taken at inject time. */
/** Host-side record of the orders journal at inject time (see FaultContext.records). */
const JOURNAL_RECORD = 'journal-fingerprint';
/** Verify demands at least this much free space. */
const MIN_FREE_PERCENT = 20;
const ALERTS = ['OrdersDataVolumeAlmostFull', 'OrdersHighErrorRate'] as const;
/** Each instance's create endpoint as seen from app itself. */
const LOCAL_CREATE_URLS = PORTS.appInstances.map((port) => `http://127.0.0.1:${port}/api/orders`);

/**
 * A debug drop-in turns on a padded trace log on the orders data volume; the
 * log fills the volume and is then deleted while the app still holds it
 * open, so writes fail with ENOSPC and `du` disagrees with `df`.
 */
export const diskPressureHost: FaultImplementation<DiskPressureParams> = {
  params: diskPressureParams,
  resolveParams: resolveDiskPressureParams,

  async inject(ctx, params) {
    if (await isInjected(ctx, params)) {
      ctx.log('disk-pressure: already injected (drop-in present, volume full)');
      return;
    }
    const seeded = await createOrders(ctx, ['standing desk', 'usb-c dock', 'monitor arm']);
    if (seeded.some((post) => post.status !== 201)) {
      throw new FaultlineError('FAULT_FAILED', 'disk-pressure: the orders API did not take orders before the fault.', {
        details: [describePosts(seeded)],
        hint: 'The baseline should be healthy; check `faultline status` and the app journal.',
      });
    }
    const record = await shChecked(ctx.exec, 'app', journalFingerprintScript(JOURNAL), 'fingerprint the orders journal');
    const fingerprint = parseJournalFingerprint(record.stdout);
    if (fingerprint === undefined || fingerprint.lines === 0) {
      throw new FaultlineError('FAULT_FAILED', `disk-pressure: ${JOURNAL} is missing or empty after creating orders.`, {
        details: [record.stdout.trim()],
      });
    }
    await ctx.records.write(JOURNAL_RECORD, fingerprint);

    const unit = tracedUnit(params);
    const path = dropInPath(params);
    await ctx.exec.sh('app', `mkdir -p ${shellQuote(path.replace(/\/[^/]+$/, ''))}`);
    await ctx.exec.writeFile('app', path, renderTraceDropIn(params), 0o644);
    await shChecked(ctx.exec, 'app', `systemctl daemon-reload && systemctl restart ${unit}`, `restart ${unit} with tracing`);
    const fill = await shChecked(ctx.exec, 'app', fillAndDeleteScript(PATHS.appData, tracePath(params)), 'fill the data volume');
    const refused = await shChecked(ctx.exec, 'app', writeUntilRefusedScript(LOCAL_CREATE_URLS), 'write orders until the API refuses them');
    ctx.log('disk-pressure: data volume filled through a deleted trace log', {
      unit,
      dropIn: path,
      journalLines: fingerprint.lines,
      fill: fill.stdout.trim(),
      untilRefused: refused.stdout.trim(),
    });
  },

  async symptom(ctx) {
    const posts = await createOrders(ctx, ['desk lamp', 'desk lamp']);
    const failed = posts.filter((post) => post.status >= 500 || post.status === 0).length;
    const usage = parseVolumeUsage((await ctx.exec.sh('app', volumeUsageScript(PATHS.appData))).stdout);
    const alerts = await describeAlertStates(ctx, ALERTS);
    const full = usage !== undefined && freePercent(usage) < 1;
    const hidden = usage !== undefined && usage.used - usage.du > usage.size / 2;
    return {
      observed: failed > 0 && full && hidden,
      evidence: [
        `POST /api/orders from mon: ${describePosts(posts)}`,
        `${PATHS.appData} on app: ${usage ? describeVolumeUsage(usage) : 'df/du gave no numbers'}`,
        alerts,
      ].join('\n'),
    };
  },

  async verify(ctx) {
    const criteria: Criterion[] = [
      await checkFreeSpace(ctx),
      await checkNoDeletedOpenFiles(ctx),
      await checkOrdersWritable(ctx),
      await checkJournalIntact(ctx),
      await checkNoTraceLogOnVolume(ctx),
    ];
    return verifyResult(criteria);
  },

  async solve(ctx, params) {
    await removeDropIn(ctx, params);
  },

  async revert(ctx, params) {
    await removeDropIn(ctx, params);
    await ctx.exec.sh('app', `rm -f ${shellQuote(tracePath(params))} ${shellQuote(`${tracePath(params)}.1`)}`);
    await ctx.records.remove(JOURNAL_RECORD);
    ctx.log('disk-pressure: reverted', { unit: tracedUnit(params) });
  },

  wrongFixes: [
    {
      id: 'delete-journal',
      description:
        'Delete the orders journal "to free space" and restart the traced instance: space comes back, the drop-in refills the volume and the customer data is gone.',
      apply: wrongFix,
    },
  ],
};

/**
 * Masks the symptom without fixing the cause: delete the orders journal "to
 * free space" and restart the traced instance (which releases the deleted
 * log). The drop-in stays, the log refills, and the orders are gone.
 */
async function wrongFix(ctx: FaultContext, params: DiskPressureParams): Promise<void> {
  await shChecked(ctx.exec, 'app', `rm -f ${shellQuote(JOURNAL)} && systemctl restart ${tracedUnit(params)}`, 'delete the journal and restart');
}

async function isInjected(ctx: FaultContext, params: DiskPressureParams): Promise<boolean> {
  const present = await ctx.exec.exec('app', ['test', '-f', dropInPath(params)]);
  if (present.exitCode !== 0) return false;
  const usage = parseVolumeUsage((await ctx.exec.sh('app', volumeUsageScript(PATHS.appData))).stdout);
  return usage !== undefined && freePercent(usage) < 1;
}

async function removeDropIn(ctx: FaultContext, params: DiskPressureParams): Promise<void> {
  const path = dropInPath(params);
  const unit = tracedUnit(params);
  await shChecked(
    ctx.exec,
    'app',
    `rm -f ${shellQuote(path)}
rmdir ${shellQuote(path.replace(/\/[^/]+$/, ''))} 2>/dev/null || true
systemctl daemon-reload
systemctl restart ${unit}
for i in $(seq 1 50); do systemctl is-active --quiet ${unit} && exit 0; sleep 0.2; done
echo "${unit} did not become active" >&2; exit 1`,
    `remove the trace drop-in of ${unit}`,
  );
}

async function checkFreeSpace(ctx: FaultContext): Promise<Criterion> {
  const name = `${PATHS.appData} has more than ${MIN_FREE_PERCENT}% free`;
  const result = await ctx.exec.sh('app', volumeUsageScript(PATHS.appData));
  const usage = parseVolumeUsage(result.stdout);
  if (usage === undefined) return { name, passed: false, evidence: `df/du on app gave no numbers: ${result.stderr.trim()}` };
  return { name, passed: freePercent(usage) > MIN_FREE_PERCENT, evidence: `df/du on app: ${describeVolumeUsage(usage)}` };
}

async function checkNoDeletedOpenFiles(ctx: FaultContext): Promise<Criterion> {
  const result = await ctx.exec.sh('app', deletedOpenFilesScript(PATHS.appData));
  const open = result.stdout.trim();
  return {
    name: `no process holds a deleted file on ${PATHS.appData} open`,
    passed: open === '',
    evidence: open === '' ? `find /proc/*/fd -lname '${PATHS.appData}/* (deleted)' on app: none` : `still open on app:\n${open}`,
  };
}

async function checkOrdersWritable(ctx: FaultContext): Promise<Criterion> {
  const posts = await createOrders(ctx, ['keyboard', 'keyboard', 'keyboard', 'keyboard']);
  return {
    name: 'POST /api/orders succeeds on both orders instances (2 of 2 each)',
    passed: posts.every((post) => post.status === 201),
    evidence: describePosts(posts),
  };
}

async function checkJournalIntact(ctx: FaultContext): Promise<Criterion> {
  const name = `the orders in ${JOURNAL} at the time of the incident are still there`;
  const recorded = parseRecord(await ctx.records.read(JOURNAL_RECORD));
  if (recorded === undefined) {
    return { name, passed: false, evidence: 'no fingerprint of the journal was recorded at inject time, so it cannot be compared' };
  }
  const now = parseJournalFingerprint((await ctx.exec.sh('app', journalFingerprintScript(JOURNAL, recorded.lines))).stdout);
  if (now === undefined) return { name, passed: false, evidence: `${JOURNAL} is missing (it had ${recorded.lines} orders)` };
  const passed = now.lines >= recorded.lines && now.first === recorded.first && now.at === recorded.at;
  const evidence = passed
    ? `${now.lines} lines; lines 1 and ${recorded.lines} are the ones recorded at inject time`
    : `had ${recorded.lines} lines at inject time, now ${now.lines}; line 1 ${now.first === recorded.first ? 'unchanged' : 'differs'}, line ${recorded.lines} ${now.at === recorded.at ? 'unchanged' : 'differs or is gone'}`;
  return { name, passed, evidence };
}

async function checkNoTraceLogOnVolume(ctx: FaultContext): Promise<Criterion> {
  const result = await ctx.exec.sh('app', traceConfigScript());
  const offending = findTraceLogsOnVolume(result.stdout, PATHS.appData);
  return {
    name: `no orders instance writes a trace log to ${PATHS.appData} (unit config and running process)`,
    passed: result.exitCode === 0 && offending.length === 0,
    evidence: offending.length === 0 ? result.stdout.trim() : offending.join('\n'),
  };
}

function parseRecord(value: unknown): { lines: number; first: string; at: string } | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const { lines, first, at } = value as Record<string, unknown>;
  if (typeof lines !== 'number' || typeof first !== 'string' || typeof at !== 'string') return undefined;
  return { lines, first, at };
}
