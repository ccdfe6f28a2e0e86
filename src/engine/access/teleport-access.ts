import { teleportInstructions } from '../../access/teleport-openssh.js';
import { stackNameFor } from '../../targets/pulumi/cloud-state.js';
import type { Config } from '../../schema/config.js';
import type { EnvState } from '../../schema/state.js';
import { readTeleportRegistration } from './teleport-register.js';

export interface TeleportAccess {
  /** The `tsh` command a candidate runs, when Teleport serves this environment. */
  readonly command?: string;
  /** The web terminal (Teleport's web UI), when Teleport serves this environment. */
  readonly web?: string;
  /** What the interviewer must still do, or why Teleport is not used. */
  readonly note?: string;
}

/**
 * Teleport for one environment. Local environments with a `teleport`
 * section are agentless OpenSSH nodes registered after `up` (see
 * teleport-register.ts), and so are aws environments in agentless mode
 * (teleport-aws.ts); their tsh and web-terminal instructions come from that
 * registration. In the aws agent mode, the node's cloud-init installs the
 * agent under its stack's env id.
 */
export async function describeTeleport(state: EnvState, config: Config): Promise<TeleportAccess> {
  if (!config.teleport) return {};
  if (state.target === 'aws' && config.teleport.aws.mode === 'agent') {
    const { tsh, web } = teleportInstructions(config.teleport.proxy, stackNameFor(state));
    return { command: tsh, web };
  }
  if (state.target === 'kubernetes') return { note: 'Teleport is used with the local and aws targets only; use kubectl access to the namespace' };
  const registration = await readTeleportRegistration(state.name);
  if (!registration) return { note: 'this environment was not registered in Teleport (it came up before teleport was configured); using SSH' };
  const { tsh, web } = teleportInstructions(registration.proxy, registration.hostname);
  return {
    command: tsh,
    web,
    ...(registration.via === 'file'
      ? { note: `faultline did not register the node (no tctl): run \`${registration.tctl} create -f ${registration.resourceFile}\` before handing this out` }
      : {}),
  };
}
