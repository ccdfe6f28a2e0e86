import { z } from 'zod';
import { awsConfigSchema, cidr, kubernetesTargetSchema, sourcesSchema, teleportConfigSchema } from './cloud.js';

export const cloudTargetName = z.enum(['aws', 'kubernetes']);
export type CloudTargetName = z.infer<typeof cloudTargetName>;

/**
 * Operator options for the cloud targets (from $FAULTLINE_HOME/config.yaml
 * and flags). Zod is the single source of truth; the lead maps config.ts onto it.
 */
export const cloudOptionsSchema = z.strictObject({
  /** Pulumi backend URL: file://…, s3://bucket/prefix or the Pulumi Cloud URL. Default file://$FAULTLINE_HOME/pulumi. */
  backend: z.string().optional(),
  aws: z
    .strictObject({
      region: z.string().optional(),
      instanceType: awsConfigSchema.shape.instanceType,
      amiFamily: awsConfigSchema.shape.amiFamily,
      allowedCidrs: z.array(cidr).default([]),
      allowWorldIngress: z.boolean().default(false),
    })
    .prefault({}),
  kubernetes: kubernetesTargetSchema.prefault({}),
  teleport: teleportConfigSchema.optional(),
  /** `teleport.aws.mode` when the config has a teleport section (checked by preflight on aws). */
  teleportAwsMode: z.enum(['agent', 'agentless']).optional(),
  /** `teleport.aws.proxyCidrs`: where the proxy dials an agentless node from (SSH only). */
  teleportProxyCidrs: z.array(cidr).default([]),
  sources: sourcesSchema.optional(),
  images: z.strictObject({ app: z.string().optional(), etcd: z.string().optional() }).optional(),
});
export type CloudOptions = z.infer<typeof cloudOptionsSchema>;
export type CloudOptionsInput = z.input<typeof cloudOptionsSchema>;
