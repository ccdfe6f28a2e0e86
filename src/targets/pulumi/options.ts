import type { CloudTargetName } from '../../schema/cloud-options.js';

export { cloudOptionsSchema, cloudTargetName, type CloudOptions, type CloudOptionsInput, type CloudTargetName } from '../../schema/cloud-options.js';

/** One environment to bring up on a cloud target. */
export interface CloudEnvRequest {
  readonly envId: string;
  readonly candidate: string;
  readonly target: CloudTargetName;
  /** ISO instant when reap may destroy it. */
  readonly expiresAt: string;
  /** The candidate's OpenSSH public key (aws). */
  readonly sshPublicKey?: string;
}
