import { addMachineFiles, provideAgentlessTeleport } from '../../targets/index.js';
import { registerHook } from '../hooks.js';
import { renderAccessMachineFiles } from './access-machine-files.js';
import { publishCandidateAccess } from './publish-access.js';
import { createAwsTeleportProvider, registerAwsTeleportNode } from './teleport-aws.js';
import { deregisterTeleportNode, registerTeleportNode } from './teleport-register.js';
import { withdrawCandidateAccess } from './withdraw-access.js';

let registered = false;

/**
 * Wire candidate SSH access into the life cycle of targets whose access this
 * host serves (`Target.hostAccess`): machine files before boot, the published port after the baseline gate, session
 * collection and unpublishing before the machines are destroyed.
 */
export function registerCandidateAccess(): void {
  if (registered) return;
  registered = true;
  addMachineFiles(renderAccessMachineFiles);
  provideAgentlessTeleport((config) => createAwsTeleportProvider(config));
  registerHook('afterBaseline', publishCandidateAccess);
  registerHook('afterBaseline', registerTeleportNode);
  registerHook('afterBaseline', (state, handles, progress) => registerAwsTeleportNode(state, handles, progress));
  registerHook('beforeDestroy', withdrawCandidateAccess);
  registerHook('beforeDestroy', deregisterTeleportNode);
}
