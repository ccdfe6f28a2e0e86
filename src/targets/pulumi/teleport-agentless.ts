import type { EnvState } from '../../schema/state.js';
import type { HostCertificate } from '../../../infra/components/node.js';

/**
 * Teleport agentless mode on aws, as the pulumi adapter sees it: the
 * material for one environment's node, prepared on the faultline host
 * before `pulumi up` (user CA, login) and a signer the program calls once
 * the node's Elastic IP exists, before the instance boots.
 */
export interface AgentlessMaterial {
  readonly login: string;
  readonly userCaKeys: string;
  readonly signHostCert: (publicIp: string) => Promise<HostCertificate>;
}

/**
 * Supplied by the engine (src/engine/access/teleport-aws.ts) when it creates
 * the aws target: it knows where Teleport material lives and how tctl is
 * run; the adapter only calls it.
 */
export interface AgentlessTeleportProvider {
  /** Before anything is allocated: tctl or the exported files are there (throws TCTL_MISSING / TELEPORT_MATERIAL_MISSING). */
  preflight(): Promise<void>;
  /** Before `pulumi up`: the node's material (the node id is chosen and kept in the env dir). */
  prepare(state: EnvState): Promise<AgentlessMaterial>;
}
