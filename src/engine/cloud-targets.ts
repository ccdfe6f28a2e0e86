import { createPulumiTarget } from '../targets/pulumi/pulumi-target.js';
import { registerTarget } from './target-for.js';

/** Register the Pulumi-driven targets (aws, kubernetes). Loaded by loadFeatures(); heavy modules load lazily. */
export function registerCloudTargets(): void {
  registerTarget('aws', (config) => createPulumiTarget('aws', config));
  registerTarget('kubernetes', (config) => createPulumiTarget('kubernetes', config));
}
