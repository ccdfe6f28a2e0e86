import { existsSync } from 'node:fs';
import { hostCertPrincipals, teleportHostname } from '../../access/teleport-openssh.js';
import type { Progress } from '../../core/target.js';
import { FaultlineError } from '../../errors/index.js';
import type { Config } from '../../schema/config.js';
import type { EnvState } from '../../schema/state.js';
import type { TeleportConfig } from '../../schema/teleport-config.js';
import type { AgentlessTeleportProvider } from '../../targets/index.js';
import type { EnvHandles } from '../env-context.js';
import { loadConfig } from '../load-config.js';
import { obtainHostCertificate, prepareNodeMaterial } from './teleport-material.js';
import { resolveTeleportTools } from './teleport-preflight.js';
import { envTeleportPaths } from './teleport-paths.js';
import { registerNode } from './teleport-register.js';

/**
 * Teleport agentless mode on the aws target (`teleport.aws.mode:
 * agentless`), the same material and registration as the local mode
 * (teleport-material.ts, teleport-register.ts): before `pulumi up` the node
 * UUID is chosen and the user CA obtained; while the program runs, once the
 * Elastic IP exists, the host certificate is signed for UUID, hostname and
 * that address (tctl auth sign or teleport.hostCert.command) — the program
 * puts it into SSM for the node to read at boot.
 */
export function createAwsTeleportProvider(config: Config, pathEnv?: string): AgentlessTeleportProvider {
  return {
    async preflight() {
      await resolveTeleportTools(requireTeleport(config), pathEnv);
    },
    async prepare(state) {
      const teleport = requireTeleport(config);
      const tools = await resolveTeleportTools(teleport, pathEnv);
      const { paths, nodeId, userCaKeys } = await prepareNodeMaterial(state, tools);
      return {
        login: teleport.login,
        userCaKeys,
        signHostCert: (publicIp) =>
          obtainHostCertificate(tools, paths, hostCertPrincipals({ id: nodeId, hostname: teleportHostname(state.id), addr: publicIp }), state.expiresAt),
      };
    },
  };
}

/**
 * afterBaseline hook of aws agentless environments: register the node at
 * `<Elastic IP>:22` (tctl create -f, or the resource written for the
 * interviewer). `down`/`reap` deregister it with the local mode's
 * beforeDestroy hook (deregisterTeleportNode), which reads what this wrote.
 */
export async function registerAwsTeleportNode(state: EnvState, handles: EnvHandles, progress: Progress, config?: Config): Promise<EnvState> {
  const teleport = (config ?? (await loadConfig())).teleport;
  if (!teleport) return state;
  const address = handles.target.agentlessTeleportAddress?.(state);
  if (address === undefined) return state;
  if (!existsSync(envTeleportPaths(state.name).nodeId)) {
    // Came up before agentless mode was configured (e.g. agent mode, then a reset): its sshd has no Teleport trust.
    progress(`teleport: ${state.name} has no agentless node material (it came up in another mode); not registered`);
    return state;
  }
  return registerNode(state, await resolveTeleportTools(teleport), address, progress);
}

function requireTeleport(config: Config): TeleportConfig {
  if (!config.teleport) throw new FaultlineError('INVALID_CONFIG', 'teleport.aws.mode is agentless, but the config has no teleport section.');
  return config.teleport;
}
