import type { Criterion } from '../../src/core/evidence.js';
import type { FaultContext } from '../../src/core/fault.js';
import { FaultlineError } from '../../src/errors/index.js';
import { PATHS } from '../../src/stack/topology.js';
import { journalFingerprintScript, parseJournalFingerprint, type JournalFingerprint } from '../disk-pressure/host/volume-scripts.js';
import { shChecked } from './exec-checked.js';

/** The orders journal on app: customer data a fix must keep. */
export const ORDERS_JOURNAL = `${PATHS.appData}/orders.jsonl`;
/** Host-side record key of the journal's fingerprint. */
const RECORD = 'journal-fingerprint';

/** Fingerprint the journal now and keep it on the host side (FaultContext.records). */
export async function recordJournal(ctx: FaultContext, faultId: string): Promise<JournalFingerprint> {
  const result = await shChecked(ctx.exec, 'app', journalFingerprintScript(ORDERS_JOURNAL), 'fingerprint the orders journal');
  const fingerprint = parseJournalFingerprint(result.stdout);
  if (fingerprint === undefined || fingerprint.lines === 0) {
    throw new FaultlineError('FAULT_FAILED', `${faultId}: ${ORDERS_JOURNAL} is missing or empty before the fault.`, { details: [result.stdout.trim()] });
  }
  await ctx.records.write(RECORD, fingerprint);
  return fingerprint;
}

/** Forget the recorded fingerprint. */
export async function forgetJournal(ctx: FaultContext): Promise<void> {
  await ctx.records.remove(RECORD);
}

/** The journal still holds the orders recorded at inject time (line count ≥, first and last recorded lines unchanged). */
export async function checkJournalIntact(ctx: FaultContext): Promise<Criterion> {
  const name = `the orders in ${ORDERS_JOURNAL} at the time of the incident are still there`;
  const recorded = (await ctx.records.read(RECORD)) as Partial<JournalFingerprint> | undefined;
  if (typeof recorded?.lines !== 'number') return { name, passed: false, evidence: 'no fingerprint of the journal was recorded at inject time' };
  const now = parseJournalFingerprint((await ctx.exec.sh('app', journalFingerprintScript(ORDERS_JOURNAL, recorded.lines))).stdout);
  if (now === undefined) return { name, passed: false, evidence: `${ORDERS_JOURNAL} is missing (it had ${recorded.lines} orders)` };
  const passed = now.lines >= recorded.lines && now.first === recorded.first && now.at === recorded.at;
  return {
    name,
    passed,
    evidence: `had ${recorded.lines} lines at inject time, now ${now.lines}; line 1 ${now.first === recorded.first ? 'unchanged' : 'differs'}, line ${recorded.lines} ${now.at === recorded.at ? 'unchanged' : 'differs or is gone'}`,
  };
}
