import { teleportInstructions } from '../../access/teleport-openssh.js';
import type { Config } from '../../schema/config.js';
import type { EnvState } from '../../schema/state.js';
import { targetFor } from '../../targets/index.js';
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
 * registration. Other targets say themselves (`Target.teleport`): in the aws
 * agent mode, the node's cloud-init installs the agent under its stack's env id.
 */
export async function describeTeleport(state: EnvState, config: Config): Promise<TeleportAccess> {
  if (!config.teleport) return {};
  const target = targetFor(state.target, config);
  const own = target.hostAccess ? undefined : target.teleport?.(state);
  if (own && 'hostname' in own) {
    const { tsh, web } = teleportInstructions(config.teleport.proxy, own.hostname);
    return { command: tsh, web };
  }
  if (own) return { note: own.note };
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

/** True when this host serves the environment's access (an access bundle can be written for it). */
export function servesAccessBundle(state: EnvState, config: Config): boolean {
  return targetFor(state.target, config).hostAccess !== undefined;
}
