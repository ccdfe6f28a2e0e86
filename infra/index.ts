/**
 * Entry point for the Pulumi CLI (`pulumi up` with Pulumi.yaml at the repo
 * root). faultline itself drives the same programs through the Automation
 * API (src/targets/pulumi); this file is for operators debugging a stack.
 * Config: `pulumi config set --path faultline.<key>` mirroring infraConfigSchema.
 */
import * as pulumi from '@pulumi/pulumi';
import { infraConfigSchema } from './config.js';
import { awsProgram } from './programs/aws.js';
import { kubernetesProgram } from './programs/kubernetes.js';
import { homePaths } from '../src/core/paths.js';
import { loadStackInputs } from './stack-inputs.js';

const config = infraConfigSchema.parse(new pulumi.Config().requireObject('faultline'));
const inputs = await loadStackInputs(`${homePaths.pulumi()}/bundles`);
const program = config.target === 'aws' ? awsProgram(config, inputs) : kubernetesProgram(config, inputs);

export const outputs = await program();
