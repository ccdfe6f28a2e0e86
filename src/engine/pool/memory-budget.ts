import { readFile } from 'node:fs/promises';
import type { Target } from '../../core/target.js';
import type { EnvState } from '../../schema/state.js';

/** What the refill decision looks at, all in bytes. */
export interface MemoryPicture {
  /** Memory charged to the pool's unclaimed environments' machines. */
  readonly poolBytes: number;
  readonly poolEnvs: number;
  /** The host's MemAvailable. */
  readonly availableBytes: number;
  readonly budgetBytes: number;
  /** Assumed size of one environment until the pool has measured one. */
  readonly estimateBytes: number;
}

/** True when one more environment fits the pool's budget and the host's MemAvailable. Pure. */
export function memoryAllowsOneMore(picture: MemoryPicture): boolean {
  const perEnv = picture.poolEnvs > 0 && picture.poolBytes > 0 ? picture.poolBytes / picture.poolEnvs : picture.estimateBytes;
  return picture.poolBytes + perEnv <= picture.budgetBytes && perEnv <= picture.availableBytes;
}

/** Memory charged to these environments' machines, as their target reports it (0 where not accounted). */
export async function measureEnvMemory(target: Target, states: readonly EnvState[]): Promise<number> {
  let total = 0;
  for (const state of states) for (const machine of await target.status(state)) total += machine.memoryBytes ?? 0;
  return total;
}

/** /proc/meminfo's MemAvailable in bytes (0 when unreadable: then nothing is refilled). */
export async function readMemAvailable(): Promise<number> {
  const text = await readFile('/proc/meminfo', 'utf8').catch(() => '');
  const kib = /^MemAvailable:\s+(\d+) kB$/m.exec(text)?.[1];
  return kib === undefined ? 0 : Number(kib) * 1024;
}
