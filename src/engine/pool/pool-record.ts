import { readFile, rm } from 'node:fs/promises';
import { isRunning, selfIdentity } from '../../utils/process-identity.js';
import { writeFileAtomic } from '../../utils/atomic-write.js';
import { poolPaths } from './pool-paths.js';
import { poolServerRecordSchema, type PoolServerRecord, type PoolSpec } from './pool-spec.js';

/** The running pool server of this home, or undefined (no record, or its process is gone). */
export async function readRunningServer(): Promise<PoolServerRecord | undefined> {
  const text = await readFile(poolPaths().server, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const record = poolServerRecordSchema.safeParse(JSON.parse(text));
  if (!record.success || !isRunning({ pid: record.data.pid, start: record.data.start })) return undefined;
  return record.data;
}

/** Record this process as the home's pool server. */
export async function writeServerRecord(spec: PoolSpec): Promise<void> {
  const self = selfIdentity();
  const record: PoolServerRecord = { pid: self.pid, start: self.start, startedAt: new Date().toISOString(), spec };
  await writeFileAtomic(poolPaths().server, `${JSON.stringify(record, null, 2)}\n`);
}

export async function removeServerRecord(): Promise<void> {
  await rm(poolPaths().server, { force: true });
}
