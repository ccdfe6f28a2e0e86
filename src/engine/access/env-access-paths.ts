import { join } from 'node:path';
import { homePaths } from '../../core/paths.js';

/** Where an environment's access material lives on the host, under its env dir (removed by `down`). */
export interface EnvAccessPaths {
  /** `<env>/access`, 0700. */
  readonly dir: string;
  /** The candidate's key pair: `id_ed25519`, `id_ed25519.pub`. */
  readonly candidateKeyDir: string;
  /** One `<role>/ssh_host_ed25519_key[.pub]` per machine. */
  readonly hostKeysDir: string;
  /** Collected recordings (`raw/<machine>/…`, `<id>.cast`); the report reads them here too. */
  readonly sessionsDir: string;
  /** Serialises session collection, so concurrent `sessions` calls do not log events twice. */
  readonly sessionsLock: string;
}

/** The access paths of environment `name`. */
export function envAccessPaths(name: string): EnvAccessPaths {
  const envDir = homePaths.env(name);
  const dir = join(envDir, 'access');
  return {
    dir,
    candidateKeyDir: join(dir, 'candidate'),
    hostKeysDir: join(dir, 'hosts'),
    sessionsDir: join(envDir, 'sessions'),
    sessionsLock: join(envDir, 'sessions.lock'),
  };
}
