import type { BenchHome } from './bench-home.js';
import { describeFailure, runCliTimed } from './run-cli.js';

/**
 * `down --all` in the bench home, then `gc` for anything a killed run left.
 * gc is safe next to other homes' environments (tests, a live interview):
 * it only removes objects whose id no home on the host claims
 * (src/core/host-registry.ts).
 */
export async function cleanBenchEnvironments(home: BenchHome, log: (line: string) => void): Promise<void> {
  const down = await runCliTimed(['down', '--all', '--wait', '--json'], home.env, { cleanup: true });
  if (down.exitCode !== 0) log(`cleanup: down --all ${describeFailure(down)}`);
  const gc = await runCliTimed(['gc', '--json'], home.env, { cleanup: true });
  if (gc.exitCode !== 0) log(`cleanup: gc ${describeFailure(gc)}`);
}
