import { z } from 'zod';
import { awsConfigSchema, kubernetesTargetSchema, sourcesSchema, teleportAgentlessSchema, teleportConfigSchema } from '../src/schema/cloud.js';
import { slug } from '../src/schema/scenario.js';
import { DEFAULT_IMAGES } from './versions.js';

export {
  awsConfigSchema,
  cidr,
  kubernetesTargetSchema,
  sourcesSchema,
  teleportAgentlessSchema,
  teleportConfigSchema,
  WORLD_CIDR,
  type AwsConfig,
  type Sources,
  type TeleportAgentlessConfig,
  type TeleportConfig,
} from '../src/schema/cloud.js';

/** Who and what the environment is for; becomes the `faultline:*` tags and labels. */
export const envIdentitySchema = z.strictObject({
  id: slug,
  scenario: slug,
  candidate: slug,
  /** ISO-8601 instant after which `reap` destroys the environment. */
  expiresAt: z.iso.datetime(),
});
export type EnvIdentity = z.infer<typeof envIdentitySchema>;

export const infraConfigSchema = z.strictObject({
  target: z.enum(['aws', 'kubernetes']),
  env: envIdentitySchema,
  aws: awsConfigSchema.optional(),
  kubernetes: kubernetesTargetSchema.default({}),
  /** Teleport agent mode (installs the agent with a join token). */
  teleport: teleportConfigSchema.optional(),
  /** Teleport agentless mode (the node's own sshd); exclusive with `teleport`. */
  teleportAgentless: teleportAgentlessSchema.optional(),
  sources: sourcesSchema,
  images: z
    .strictObject({ app: z.string().default(DEFAULT_IMAGES.app), etcd: z.string().default(DEFAULT_IMAGES.etcd) })
    .default(DEFAULT_IMAGES),
});
export type InfraConfig = z.infer<typeof infraConfigSchema>;
export type InfraConfigInput = z.input<typeof infraConfigSchema>;
