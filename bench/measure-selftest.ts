import type { BenchContext } from './context.js';
import { describeFailure, parseCliJson, runCliTimed } from './run-cli.js';

export interface SelftestRun {
  /** Wall time of `selftest --json` over every scenario. */
  readonly wallMs: number;
  readonly scenarios: readonly { readonly scenario: string; readonly passed: boolean }[];
  readonly failure?: string;
}

interface SelftestJson {
  readonly passed?: boolean;
  readonly scenarios?: readonly { readonly scenario: string; readonly passed: boolean }[];
}

/** `faultline selftest --json` (all scenarios), timed. */
export async function measureSelftest(ctx: BenchContext): Promise<SelftestRun> {
  ctx.progress('selftest: every scenario, full cycle');
  const call = await runCliTimed(['selftest', '--json'], ctx.home.env, { timeoutMs: 3_600_000 });
  const scenarios = parseCliJson<SelftestJson>(call)?.scenarios ?? [];
  const failed = call.exitCode !== 0 || scenarios.length === 0;
  return { wallMs: call.ms, scenarios, ...(failed ? { failure: describeFailure(call) } : {}) };
}
