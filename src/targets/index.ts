import type { Target } from '../core/target.js';
import { FaultlineError } from '../errors/index.js';
import { configSchema, type Config } from '../schema/config.js';
import type { TargetName } from '../schema/scenario.js';
import { createLocalTarget } from './local/local-target.js';
import { createPulumiTarget } from './pulumi/pulumi-target.js';
import type { AgentlessTeleportProvider } from './pulumi/teleport-agentless.js';

/** Set by the engine's access feature (provideAgentlessTeleport): how aws agentless nodes get their Teleport material. */
let agentlessTeleport: ((config: Config) => AgentlessTeleportProvider) | undefined;

/**
 * The public face of src/targets: the engine and the CLI reach a target only
 * through this registry and the `Target` contract (src/core/target.ts), never
 * through a target's own modules. Heavy modules (Pulumi) load lazily inside
 * the targets' methods.
 */
const FACTORIES: Readonly<Record<TargetName, (config: Config) => Target>> = {
  local: createLocalTarget,
  aws: (config) => createPulumiTarget('aws', config, agentlessTeleport ? { teleportAgentless: agentlessTeleport(config) } : {}),
  kubernetes: (config) => createPulumiTarget('kubernetes', config),
};

/** The target `up` uses when none is given. */
export const DEFAULT_TARGET: TargetName = 'local';

/** The Target implementation for a target name. */
export function targetFor(name: TargetName, config: Config): Target {
  const factory = FACTORIES[name] as ((config: Config) => Target) | undefined;
  if (!factory) {
    throw new FaultlineError('UNSUPPORTED_TARGET', `Target "${String(name)}" is not available in this build.`, { hint: `Use --target ${DEFAULT_TARGET}.` });
  }
  return factory(config);
}

/** Every target (for host-wide work such as `gc`). */
export function allTargets(config: Config): Target[] {
  return (Object.keys(FACTORIES) as TargetName[]).map((name) => targetFor(name, config));
}

/** A target's static traits (`remote`, `takesFlags`, whether it can `plan`…), readable before the config is loaded. */
export function targetTraits(name: TargetName): Pick<Target, 'name' | 'remote' | 'takesFlags' | 'sessionsHint' | 'plan'> {
  return targetFor(name, configSchema.parse({}));
}

/** Register files a feature seeds into every machine built on this host (before first boot). */
export { addMachineFiles } from './local/machine-files.js';

/**
 * The engine supplies Teleport's agentless material for aws (it knows where
 * the material lives and how tctl runs); targets import nothing above them.
 */
export function provideAgentlessTeleport(factory: (config: Config) => AgentlessTeleportProvider): void {
  agentlessTeleport = factory;
}

export type { AgentlessMaterial, AgentlessTeleportProvider } from './pulumi/teleport-agentless.js';
