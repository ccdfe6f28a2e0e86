import { rm } from 'node:fs/promises';
import { ACCESS_PATHS, CANDIDATE_USER } from '../../access/access-paths.js';
import { renderAuthorizedKeys } from '../../access/sshd-config.js';
import { renderWriteupTemplate, WRITEUP } from '../../access/writeup.js';
import type { Executor } from '../../core/executor.js';
import type { EnvState } from '../../schema/state.js';
import { visibleEnvName } from '../../stack/render/hosts.js';
import { ROLES } from '../../stack/topology.js';
import { envAccessPaths } from '../access/env-access-paths.js';
import { ensureEnvKeys } from '../access/env-keys.js';
import { writeupInputFor } from '../seat/writeup.js';

/**
 * Give a taken pooled environment a key pair of its own candidate: the pair
 * made when it was pooled (never handed out) is deleted, a new one generated,
 * and every machine's root-owned authorized key replaced, so only the new
 * candidate's bundle gets in. Host keys stay (they were never secret).
 * Returns the new key's fingerprint.
 */
export async function rekeyCandidate(state: EnvState, exec: Executor): Promise<string> {
  await rm(envAccessPaths(state.name).candidateKeyDir, { recursive: true, force: true });
  const keys = await ensureEnvKeys(state.name, ROLES, visibleEnvName(state.id));
  await Promise.all(ROLES.map((role) => exec.writeFile(role, `${ACCESS_PATHS.authorizedKeysDir}/${CANDIDATE_USER}`, renderAuthorizedKeys(keys.candidate.publicKey), 0o644)));
  return keys.candidate.fingerprint;
}

/** The candidate's write-up template for the scenario the environment now has (a warm one was pooled as baseline). */
export async function rewriteWriteup(state: EnvState, exec: Executor): Promise<void> {
  await exec.writeFile(WRITEUP.machine, WRITEUP.path, renderWriteupTemplate(await writeupInputFor(state)), 0o644);
  await exec.exec(WRITEUP.machine, ['chown', `${CANDIDATE_USER}:${CANDIDATE_USER}`, WRITEUP.path]);
}
