import { describeFailure, parseCliJson, runCliTimed, type TimedCli } from './run-cli.js';

/** What the bench needs from `up --json`. */
export interface UpEnv {
  readonly name: string;
  readonly machineNames: readonly string[];
}

interface UpJson {
  readonly ok?: boolean;
  readonly state?: { readonly name: string; readonly machines: readonly { readonly name: string }[] };
}

export interface UpOutcome {
  readonly call: TimedCli;
  /** Set when the environment came up. */
  readonly env?: UpEnv;
  /** One line saying why it did not. */
  readonly failure?: string;
}

/** `faultline up <scenario> --candidate <candidate> [--seed N] --json`, timed. */
export async function upEnv(scenario: string, candidate: string, cliEnv: Record<string, string>, seed?: number): Promise<UpOutcome> {
  const args = ['up', scenario, '--candidate', candidate, ...(seed === undefined ? [] : ['--seed', String(seed)]), '--json'];
  const call = await runCliTimed(args, cliEnv);
  const state = parseCliJson<UpJson>(call)?.state;
  if (call.exitCode !== 0 || !state) return { call, failure: describeFailure(call) };
  return { call, env: { name: state.name, machineNames: state.machines.map((m) => m.name) } };
}
