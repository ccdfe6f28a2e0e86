import { createPulumiTarget } from '../targets/pulumi/pulumi-target.js';
import { createAwsTeleportProvider } from './access/teleport-aws.js';
import { registerTarget } from './target-for.js';

/** Register the Pulumi-driven targets (aws, kubernetes). Loaded by loadFeatures(); heavy modules load lazily. */
export function registerCloudTargets(): void {
  registerTarget('aws', (config) => createPulumiTarget('aws', config, { teleportAgentless: createAwsTeleportProvider(config) }));
  registerTarget('kubernetes', (config) => createPulumiTarget('kubernetes', config));
}
