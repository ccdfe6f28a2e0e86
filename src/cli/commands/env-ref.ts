import { FaultlineError } from '../../errors/index.js';
import type { CommandSpec } from '../command.js';

/** The environment name a command was given as its first positional, or a USAGE error naming the command. */
export function requireEnvRef(spec: Pick<CommandSpec, 'name' | 'usage'>, positionals: readonly string[]): string {
  const [ref] = positionals;
  if (!ref) throw new FaultlineError('USAGE', `${spec.name} needs an environment name.`, { hint: `Usage: ${spec.usage}` });
  return ref;
}
