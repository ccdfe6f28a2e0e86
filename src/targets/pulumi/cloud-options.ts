import { z } from 'zod';
import type { Config } from '../../schema/config.js';
import { cloudOptionsSchema, type CloudOptions } from './options.js';

/**
 * Per-environment flags of `up` for the cloud targets. They are saved in the
 * environment's state (`extra.cloud.flags`) so `down`, `status` and `check`
 * reach the same cluster as `up` did. Paths are absolute.
 */
export const cloudFlagsSchema = z.strictObject({
  kubeconfig: z.string().optional(),
  context: z.string().optional(),
  region: z.string().optional(),
  /** The candidate's OpenSSH public key file (aws). */
  sshKey: z.string().optional(),
});
export type CloudFlags = z.infer<typeof cloudFlagsSchema>;

/** The cloud adapter's options from the faultline config, with the environment's flags winning. */
export function resolveCloudOptions(config: Config, flags: CloudFlags = {}): CloudOptions {
  return cloudOptionsSchema.parse({
    ...(config.pulumi.backend === undefined ? {} : { backend: config.pulumi.backend }),
    aws: { ...config.aws, ...(flags.region === undefined ? {} : { region: flags.region }) },
    kubernetes: {
      ...config.kubernetes,
      ...(flags.kubeconfig === undefined ? {} : { kubeconfig: flags.kubeconfig }),
      ...(flags.context === undefined ? {} : { context: flags.context }),
    },
    ...(config.teleport === undefined ? {} : { teleportAwsMode: config.teleport.aws.mode, teleportProxyCidrs: config.teleport.aws.proxyCidrs }),
    ...(config.teleport?.joinToken === undefined || config.teleport.aws.mode !== 'agent' ? {} : { teleport: { proxy: config.teleport.proxy, joinToken: config.teleport.joinToken } }),
    ...(config.sources === undefined ? {} : { sources: config.sources }),
    ...(config.images === undefined ? {} : { images: config.images }),
  });
}
