import { chooseAccessMode } from '../../access/teleport.js';
import { stackNameFor } from '../../targets/pulumi/cloud-state.js';
import type { Config } from '../../schema/config.js';
import type { EnvState } from '../../schema/state.js';

export interface TeleportAccess {
  /** The `tsh` command a candidate runs, when Teleport serves this environment. */
  readonly command?: string;
  /** Why Teleport is not used, when it is configured (or looked for) but unavailable. */
  readonly note?: string;
}

/**
 * Teleport for one environment. On aws, the node's cloud-init installs the
 * agent when `teleport` is configured, so `tsh` is the way in. On the local
 * target, environments have no egress by design (no route, no NAT), so an
 * agent inside a machine could never reach the proxy: candidates use the
 * SSH bundle, and the note says why rather than pretending.
 */
export async function describeTeleport(state: EnvState, config: Config): Promise<TeleportAccess> {
  if (!config.teleport) return {};
  // The aws node joins under its stack's env id (infra/render/cloud-init.ts) with a `candidate` user.
  if (state.target === 'aws') return { command: `tsh login --proxy=${config.teleport.proxy} && tsh ssh candidate@${stackNameFor(state)}` };
  if (state.target === 'kubernetes') return { note: 'Teleport is installed with the aws target only; use kubectl access to the namespace' };
  const mode = await chooseAccessMode(config.teleport);
  return {
    note:
      mode.kind === 'teleport'
        ? `a teleport binary is present (${mode.binary}), but local environments have no route to the proxy (no egress by design); using SSH. Use --target aws for Teleport-recorded sessions.`
        : `not used: ${mode.reason}; using SSH`,
  };
}
