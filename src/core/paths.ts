import { homedir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of this checkout (scenarios/, faults/, app/ live here). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** $FAULTLINE_HOME, default ~/.faultline. */
export function faultlineHome(): string {
  return resolve(process.env.FAULTLINE_HOME ?? join(homedir(), '.faultline'));
}

export const homePaths = {
  config: () => join(faultlineHome(), 'config.yaml'),
  envs: () => join(faultlineHome(), 'envs'),
  env: (name: string) => join(faultlineHome(), 'envs', name),
  /** The environment's CA and certificates (host side; the local target creates it). */
  pki: (name: string) => join(faultlineHome(), 'envs', name, 'pki'),
  images: () => join(faultlineHome(), 'images'),
  pulumi: () => join(faultlineHome(), 'pulumi'),
  /** Logs of detached work (a background `down`'s teardown). */
  logs: () => join(faultlineHome(), 'logs'),
};

export const scenariosDir = (): string => join(REPO_ROOT, 'scenarios');
