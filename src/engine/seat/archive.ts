import { cp, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { homePaths } from '../../core/paths.js';
import { archiveDir, archiveRoot } from './record.js';

/** What of an environment's directory the report needs after `down`: never keys, locks or upper dirs. */
const KEPT = ['state.json', 'timeline.jsonl', 'sessions', 'seat'] as const;

/**
 * Copy the interview's record (state, timeline, collected sessions, saved
 * metrics and write-up) to `$FAULTLINE_HOME/archive/<name>/`, replacing an
 * earlier copy, so `report`, `note` and `vote` keep working after `down`.
 * The access keys are not copied: nothing in the archive opens anything.
 */
export async function archiveInterview(name: string): Promise<string> {
  const source = homePaths.env(name);
  const target = archiveDir(name);
  const temp = join(archiveRoot(), `.${name}.${process.pid}.tmp`);
  await rm(temp, { recursive: true, force: true });
  await mkdir(temp, { recursive: true, mode: 0o700 });
  for (const entry of KEPT) await cp(join(source, entry), join(temp, entry), { recursive: true, force: true }).catch(ignoreMissing);
  await rm(target, { recursive: true, force: true });
  await cp(temp, target, { recursive: true });
  await rm(temp, { recursive: true, force: true });
  return target;
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT') throw error;
}
