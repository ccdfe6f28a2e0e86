import { join } from 'node:path';
import { faultlineHome } from '../../core/paths.js';

/** Where one home's pool keeps its server record, log and take lock: `$FAULTLINE_HOME/pool/`. */
export interface PoolPaths {
  readonly dir: string;
  /** The running server: pid, start time, spec (PoolServerRecord); removed when it exits. */
  readonly server: string;
  /** Held by the one `pool serve` of this home for its whole life. */
  readonly serverLock: string;
  /** Serialises taking: two `up`s never take the same environment. */
  readonly takeLock: string;
  readonly log: string;
}

export function poolPaths(): PoolPaths {
  const dir = join(faultlineHome(), 'pool');
  return { dir, server: join(dir, 'server.json'), serverLock: join(dir, 'server.lock'), takeLock: join(dir, 'take.lock'), log: join(dir, 'server.log') };
}
