import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { formatCommand, renderNodeResource, tctlArgs, teleportHostname, teleportNodeLabels, type TeleportNode } from '../../access/teleport-openssh.js';
import type { Progress } from '../../core/target.js';
import { appendEvent } from '../../core/timeline.js';
import { FaultlineError } from '../../errors/index.js';
import type { EnvState } from '../../schema/state.js';
import { run } from '../../utils/run.js';
import type { EnvHandles } from '../env-context.js';
import { loadConfig } from '../load-config.js';
import { preflightTeleport, type TeleportTools } from './teleport-preflight.js';
import { envTeleportPaths } from './teleport-paths.js';

/** What registration did, kept in the env dir so `down`/`reap` undo exactly that. */
export const teleportRegistrationSchema = z.strictObject({
  nodeId: z.string(),
  hostname: z.string(),
  addr: z.string(),
  proxy: z.string(),
  login: z.string(),
  /** `tctl`: created with tctl; `file`: written for the interviewer to apply. */
  via: z.enum(['tctl', 'file']),
  resourceFile: z.string(),
  tctl: z.string(),
});
export type TeleportRegistration = z.infer<typeof teleportRegistrationSchema>;

/**
 * afterBaseline hook (after the SSH port is published): write the node
 * resource (kind node, sub_kind openssh, spec.addr = the published bastion)
 * and create it with `tctl create -f`, or, without tctl, leave it in the env
 * dir and print the command for the interviewer.
 */
export async function registerTeleportNode(state: EnvState, handles: EnvHandles, progress: Progress): Promise<EnvState> {
  if (!handles.target.hostAccess || !state.access) return state;
  const plan = await preflightTeleport(await loadConfig());
  if (!plan) return state;
  return registerNode(state, plan, `${plan.advertiseHost}:${state.access.port}`, progress);
}

/**
 * Register the environment's node (its UUID from the env dir) at `addr`,
 * with tctl or as a file for the interviewer, and record what was done for
 * deregisterTeleportNode. Shared by the local and aws targets.
 */
export async function registerNode(state: EnvState, plan: TeleportTools, addr: string, progress: Progress): Promise<EnvState> {
  const paths = envTeleportPaths(state.name);
  const nodeId = (await readFile(paths.nodeId, 'utf8')).trim();
  const node: TeleportNode = {
    id: nodeId,
    hostname: teleportHostname(state.id),
    addr,
    labels: teleportNodeLabels({ envName: state.name, scenario: state.scenario, candidate: state.candidate, expiresAt: state.expiresAt, extra: plan.config.labels }),
    expires: new Date(Date.parse(state.expiresAt) + 3_600_000).toISOString(),
  };
  await writeFile(paths.nodeResource, renderNodeResource(node), { mode: 0o644 });
  const tctl = plan.tctl ?? plan.config.tctl;
  const registration: TeleportRegistration = {
    nodeId,
    hostname: node.hostname,
    addr: node.addr,
    proxy: plan.config.proxy,
    login: plan.config.login,
    via: plan.register,
    resourceFile: paths.nodeResource,
    tctl,
  };
  const create = formatCommand(tctl, tctlArgs.create(paths.nodeResource));
  if (plan.register === 'tctl') {
    await run(tctl, tctlArgs.create(paths.nodeResource)).catch((cause: unknown) => {
      throw new FaultlineError('PROVISION_FAILED', `tctl could not register the Teleport node ${node.hostname}.`, {
        cause,
        details: [...(cause instanceof FaultlineError ? cause.details : []), `ran: ${create}`],
        hint: 'Check that tctl is logged in with a role that may create nodes (`tctl status`), or set teleport.register: file.',
      });
    });
    progress(`teleport: registered agentless node ${node.hostname} (${nodeId}) at ${node.addr}`);
  } else {
    progress(`teleport: node resource written to ${paths.nodeResource}; register it with: ${create}`);
  }
  await writeFile(paths.registration, `${JSON.stringify(registration, null, 2)}\n`, { mode: 0o600 });
  appendEvent(state.name, {
    type: 'teleport.registered',
    message: `Teleport node ${node.hostname} at ${node.addr} (${plan.register === 'tctl' ? 'created with tctl' : 'resource written for the interviewer'})`,
    data: { nodeId, addr: node.addr, via: plan.register },
  });
  return state;
}

/**
 * beforeDestroy hook (down, reset, reap, gc, failed up): remove the node with
 * `tctl rm node/<uuid>`, or print that command when it was left to the
 * interviewer or tctl fails. Never blocks the destroy. A reset registers the
 * same node again afterwards (same UUID, same address).
 */
export async function deregisterTeleportNode(state: EnvState, _handles: EnvHandles, progress: Progress): Promise<EnvState> {
  const registration = await readTeleportRegistration(state.name);
  if (!registration) return state;
  const remove = formatCommand(registration.tctl, tctlArgs.remove(registration.nodeId));
  if (registration.via === 'tctl') {
    const failure = await run(registration.tctl, tctlArgs.remove(registration.nodeId)).then(
      () => undefined,
      (error: Error) => error,
    );
    if (!failure) progress(`teleport: deregistered node ${registration.hostname} (${registration.nodeId})`);
    else if (/not found/i.test([failure.message, ...(failure instanceof FaultlineError ? failure.details : [])].join('\n'))) progress(`teleport: node ${registration.hostname} was already gone`);
    else progress(`warning: tctl could not deregister ${registration.hostname}; remove it with: ${remove}`);
  } else {
    progress(`teleport: deregister node ${registration.hostname} with: ${remove}`);
  }
  return state;
}

/** The registration of an environment, or undefined when it never registered (or Teleport is off). */
export async function readTeleportRegistration(name: string): Promise<TeleportRegistration | undefined> {
  const text = await readFile(envTeleportPaths(name).registration, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const parsed = teleportRegistrationSchema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : undefined;
}
