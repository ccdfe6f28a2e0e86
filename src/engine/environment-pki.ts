import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FaultPki } from '../core/fault.js';
import { homePaths } from '../core/paths.js';
import type { EnvState } from '../schema/state.js';

/** The environment's CA as faults see it, when the target created one (the local target does, at provision). */
export function environmentPki(state: Pick<EnvState, 'name'>): FaultPki | undefined {
  const dir = homePaths.pki(state.name);
  const caCertPath = join(dir, 'ca.crt');
  if (!existsSync(caCertPath)) return undefined;
  return { dir, caCertPath, caKeyPath: join(dir, 'ca.key') };
}
