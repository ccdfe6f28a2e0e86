import { randomBytes } from 'node:crypto';

/** A new environment id: 6 hex digits, carried by every object the environment creates (see each target's naming). */
export function newEnvId(): string {
  return randomBytes(3).toString('hex');
}

/** An environment's name: `<scenario>-<candidate>-<id>` (also its directory under $FAULTLINE_HOME/envs). */
export function envName(scenario: string, candidate: string, id: string): string {
  return `${scenario}-${candidate}-${id}`;
}
