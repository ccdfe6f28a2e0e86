import { cp, readFile } from 'node:fs/promises';
import { homePaths } from '../../core/paths.js';
import { timelineFileIn } from '../../core/timeline.js';
import { writeFileAtomic } from '../../utils/atomic-write.js';
import { envAccessPaths } from '../access/env-access-paths.js';

/**
 * Carry one interview's record from the environment a reset replaces
 * (`from`) into the one replacing it (`to`), before `from` is torn down: its
 * timeline goes in front of `to`'s (lines verbatim, so notes, votes, panel,
 * hints, checks and session events of the session so far stay, in order,
 * and the last `ready` — `to`'s — still starts the current attempt), and
 * its collected session recordings are copied beside `to`'s (never
 * overwriting one). Collect `from`'s sessions first while its machines run.
 * `from` itself is archived by its teardown as after any `down`.
 */
export async function carryInterviewRecord(from: string, to: string): Promise<void> {
  const earlier = await readFile(timelineFileIn(homePaths.env(from)), 'utf8').catch(() => '');
  const own = await readFile(timelineFileIn(homePaths.env(to)), 'utf8').catch(() => '');
  const joined = earlier === '' || earlier.endsWith('\n') ? earlier : `${earlier}\n`;
  await writeFileAtomic(timelineFileIn(homePaths.env(to)), joined + own);
  await cp(envAccessPaths(from).sessionsDir, envAccessPaths(to).sessionsDir, { recursive: true, force: false, errorOnExist: false }).catch(ignoreMissing);
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT') throw error;
}
