import type { EnvIdentity } from '../config.js';

/**
 * SSM Parameter Store names of one environment's node secrets. They never
 * ride in user data (readable by anything that reaches the instance metadata
 * service): the node reads them at boot with its instance role, whose policy
 * names exactly these parameters.
 */
export function nodeSecretNames(env: EnvIdentity) {
  const prefix = `/faultline/${env.id}`;
  return {
    prefix,
    /** Static bearer token of the operator's kubeconfig (k3s token-auth-file). */
    apiToken: `${prefix}/api-token`,
    /** Private key of the pre-generated cluster (server) CA. */
    serverCaKey: `${prefix}/server-ca-key`,
    /** Teleport node join token (only with Teleport). */
    teleportJoinToken: `${prefix}/teleport-join-token`,
    /** Teleport agentless: the node's host private key and its certificate signed by Teleport's host CA. */
    teleportHostKey: `${prefix}/teleport-host-key`,
    teleportHostCert: `${prefix}/teleport-host-cert`,
  } as const;
}
export type NodeSecretNames = ReturnType<typeof nodeSecretNames>;
