import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { faultlineHome, homePaths } from '../../core/paths.js';
import { envNotFound, resolveEnv } from '../../core/state-store.js';
import { isFaultlineError } from '../../errors/index.js';
import { envStateSchema, type EnvState } from '../../schema/state.js';

/**
 * Where one interview's record lives: the environment's own directory while
 * it exists, its archive after `down` (same layout: state.json,
 * timeline.jsonl, sessions/, seat/). Notes, votes and reports work on both,
 * so panelists can vote and the report can be produced after teardown.
 */
export interface InterviewRecord {
  readonly state: EnvState;
  readonly dir: string;
  /** True while the environment exists (its machines may run); false for an archive. */
  readonly live: boolean;
}

/** `$FAULTLINE_HOME/archive`: what `down` keeps of each interview for its report. */
export const archiveRoot = (): string => join(faultlineHome(), 'archive');
export const archiveDir = (name: string): string => join(archiveRoot(), name);

/** The seat's own files in a record directory: saved metrics, the collected write-up. */
export function seatPaths(dir: string): { readonly dir: string; readonly metrics: string; readonly writeup: string; readonly lock: string; readonly sessions: string } {
  return { dir: join(dir, 'seat'), metrics: join(dir, 'seat', 'metrics.json'), writeup: join(dir, 'seat', 'WRITEUP.md'), lock: join(dir, 'seat.lock'), sessions: join(dir, 'sessions') };
}

/** The live environment `ref` names, else its archive; ENV_NOT_FOUND when neither exists. */
export async function resolveRecord(ref: string): Promise<InterviewRecord> {
  try {
    const state = await resolveEnv(ref);
    return { state, dir: homePaths.env(state.name), live: true };
  } catch (error) {
    if (!isFaultlineError(error) || error.code !== 'ENV_NOT_FOUND') throw error;
    const archived = await resolveArchive(ref);
    if (archived) return archived;
    throw error;
  }
}

async function resolveArchive(ref: string): Promise<InterviewRecord | undefined> {
  const names = await readdir(archiveRoot()).catch(() => [] as string[]);
  const records: InterviewRecord[] = [];
  for (const name of names) {
    const text = await readFile(join(archiveDir(name), 'state.json'), 'utf8').catch(() => undefined);
    const parsed = text === undefined ? undefined : envStateSchema.safeParse(JSON.parse(text));
    if (parsed?.success) records.push({ state: parsed.data, dir: archiveDir(name), live: false });
  }
  const exact = records.find((record) => record.state.name === ref || record.state.id === ref);
  if (exact) return exact;
  const prefixed = records.filter((record) => record.state.name.startsWith(ref));
  if (prefixed.length > 1) throw envNotFound(ref);
  return prefixed[0];
}
