import { readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { FaultlineError } from '../errors/index.js';
import { envStateSchema, type EnvState } from '../schema/state.js';
import { writeFileAtomic } from '../utils/atomic-write.js';
import { withLock } from '../utils/lock.js';
import { homePaths } from './paths.js';

const stateFile = (name: string): string => join(homePaths.env(name), 'state.json');
const lockFile = (name: string): string => join(homePaths.env(name), 'state.lock');

export async function readState(name: string): Promise<EnvState | undefined> {
  let text: string;
  try {
    text = await readFile(stateFile(name), 'utf8');
  } catch {
    return undefined;
  }
  return envStateSchema.parse(JSON.parse(text));
}

/** Write the whole state atomically (temp file + rename), under the environment's lock. */
export async function writeState(state: EnvState): Promise<void> {
  await withLock(lockFile(state.name), () => writeUnlocked(state));
}

async function writeUnlocked(state: EnvState): Promise<void> {
  await writeFileAtomic(stateFile(state.name), `${JSON.stringify(state, null, 2)}\n`);
}

/** Read-modify-write under the environment's lock. */
export async function updateState(name: string, change: (state: EnvState) => EnvState): Promise<EnvState> {
  return withLock(lockFile(name), async () => {
    const state = await readState(name);
    if (!state) throw envNotFound(name);
    const next = change(state);
    await writeUnlocked(next);
    return next;
  });
}

/** Every environment with a readable state file, oldest first. */
export async function listStates(): Promise<EnvState[]> {
  const names = await readdir(homePaths.envs()).catch(() => [] as string[]);
  const states = await Promise.all(names.map((n) => readState(n).catch(() => undefined)));
  return states.filter((s): s is EnvState => s !== undefined).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/**
 * Find an environment by full name, short id, a name it had before a reset
 * from the pool (`previousNames`), or a unique name prefix.
 */
export async function resolveEnv(ref: string): Promise<EnvState> {
  const states = await listStates();
  const exact = states.find((s) => s.name === ref || s.id === ref) ?? states.find((s) => s.previousNames?.includes(ref) === true);
  if (exact) return exact;
  const prefixed = states.filter((s) => s.name.startsWith(ref));
  if (prefixed.length === 1 && prefixed[0]) return prefixed[0];
  if (prefixed.length > 1) {
    throw new FaultlineError('ENV_NOT_FOUND', `"${ref}" matches ${prefixed.length} environments.`, {
      details: prefixed.map((s) => s.name),
      hint: 'Use the full environment name.',
    });
  }
  throw envNotFound(ref);
}

export function envNotFound(ref: string): FaultlineError {
  return new FaultlineError('ENV_NOT_FOUND', `No environment "${ref}".`, {
    hint: 'Run `faultline ls` to see the environments that exist.',
  });
}

/** Remove the environment's directory (state, timeline, upper dirs already gone). */
export async function removeEnvDir(name: string): Promise<void> {
  await rm(homePaths.env(name), { recursive: true, force: true });
}
