import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KubeClient } from '../../core/kube.js';
import { homePaths } from '../../core/paths.js';
import type { Progress, Target } from '../../core/target.js';
import { FaultlineError } from '../../errors/index.js';
import type { Config } from '../../schema/config.js';
import { loadScenario } from '../../schema/load-scenario.js';
import type { CloudEnvState, EnvState } from '../../schema/state.js';
import { ROLES } from '../../stack/topology.js';
import type { EnvIdentity } from '../../../infra/config.js';
import { namespaceFor } from '../../../infra/manifests/names.js';
import { renderLabels } from '../../../infra/tags.js';
import { cloudFlagsSchema, resolveCloudOptions, type CloudFlags } from './cloud-options.js';
import { cloudEnvState, readCloudFlags, readCloudState, stackNameFor, withCloudState } from './cloud-state.js';
import { checkKubernetesBaseline } from './k8s-baseline.js';
import { createKubeClient } from './kube-client.js';
import { createKubeExecutor, locateRole } from './kube-executor.js';
import { describeMachines } from './machine-status.js';
import type { CloudTargetName } from './options.js';
import type { AgentlessTeleportProvider } from './teleport-agentless.js';
import { TOOLBOX, renderToolboxPod, toolboxPlanRow } from './toolbox.js';

/** The port Teleport's proxy dials on an aws agentless node (its own sshd). */
export const AWS_NODE_SSH_PORT = 22;

/** How long the toolbox pod (mon) may take to become ready: image pull on a fresh node. */
const TOOLBOX_READY_TIMEOUT_S = 300;

/** The infra program's identity of an environment (its stack name is the env id there). */
export function envIdentityOf(state: EnvState): EnvIdentity {
  return { id: stackNameFor(state), scenario: state.scenario, candidate: state.candidate, expiresAt: state.expiresAt };
}

/** The candidate's public key from the --ssh-key file; undefined when no file was given. */
export async function readSshPublicKey(flags: CloudFlags): Promise<string | undefined> {
  if (flags.sshKey === undefined) return undefined;
  try {
    return (await readFile(flags.sshKey, 'utf8')).trim();
  } catch (cause) {
    throw new FaultlineError('INVALID_CONFIG', `Cannot read the SSH public key ${flags.sshKey}.`, {
      hint: "Pass --ssh-key with the path of the candidate's OpenSSH public key (e.g. ada.pub).",
      cause,
    });
  }
}

/** Machines of the state with pod names and addresses filled in from the status rows. */
function placeMachines(state: CloudEnvState, rows: ReturnType<typeof describeMachines>): CloudEnvState['machines'] {
  return state.machines.map((m) => {
    const row = rows.find((r) => r.role === m.role);
    return row === undefined ? m : { ...m, name: row.name, address: row.address };
  });
}

/**
 * The `aws` (k3s on EC2) and `kubernetes` (existing cluster) targets: one
 * Pulumi stack per environment (src/targets/pulumi/up.ts), commands through
 * `kubectl exec` with machine roles mapped to pods (role-pods.ts), and a
 * kubernetes-shaped baseline (k8s-baseline.ts).
 */
export function createPulumiTarget(name: CloudTargetName, config: Config, deps: { readonly teleportAgentless?: AgentlessTeleportProvider } = {}): Target {
  const optionsOf = (state: EnvState) => resolveCloudOptions(config, readCloudFlags(state));
  /** The agentless Teleport provider when this environment needs one (aws, teleport.aws.mode: agentless). */
  const agentlessFor = (options: ReturnType<typeof optionsOf>): AgentlessTeleportProvider | undefined => {
    if (name !== 'aws' || options.teleportAwsMode !== 'agentless') return undefined;
    if (deps.teleportAgentless === undefined) {
      throw new FaultlineError('INVALID_CONFIG', 'teleport.aws.mode is agentless, but this aws target was created without Teleport support.');
    }
    return deps.teleportAgentless;
  };

  const kubeOf = (state: EnvState): KubeClient => {
    const options = optionsOf(state);
    const cloud = readCloudState(state);
    return createKubeClient({
      namespace: namespaceFor(envIdentityOf(state)),
      ...(name === 'aws'
        ? { kubeconfig: cloud.kubeconfig }
        : { kubeconfig: options.kubernetes.kubeconfig, context: options.kubernetes.context }),
    });
  };

  const startToolbox = async (state: EnvState, progress: Progress): Promise<void> => {
    const kube = kubeOf(state);
    progress(`starting pod ${TOOLBOX.name} (plays mon: curl, and Prometheus/Alertmanager on 127.0.0.1)`);
    await kube.apply(renderToolboxPod(kube.namespace, renderLabels(envIdentityOf(state))));
    const wait = await kube.run(['wait', '--for=condition=Ready', `pod/${TOOLBOX.name}`, `--timeout=${TOOLBOX_READY_TIMEOUT_S}s`], {
      timeoutMs: (TOOLBOX_READY_TIMEOUT_S + 20) * 1000,
    });
    if (wait.exitCode !== 0) {
      throw new FaultlineError('PROVISION_FAILED', `Pod ${TOOLBOX.name} did not become ready: ${wait.stderr.trim()}`, {
        hint: `Run \`kubectl -n ${kube.namespace} describe pod ${TOOLBOX.name}\`; the image is ${TOOLBOX.image}.`,
      });
    }
  };

  return {
    name,
    remote: true,
    takesFlags: true,
    sessionsHint: name === 'aws' ? 'Teleport records aws sessions: use `tsh play` or the Teleport UI to follow them.' : 'Use `faultline sessions` and `faultline play` after the fact.',

    // No host network: pods play the machines; their names and addresses are filled in by provision.
    allocate: async () => ({ target: name, subnet: '', machines: ROLES.map((role) => ({ role, name: role, address: '' })) }),

    teleport: (state) => {
      if (name !== 'aws') return { note: 'Teleport is used with the local and aws targets only; use kubectl access to the namespace' };
      // Agentless nodes are registered after up (engine/access/teleport-aws.ts); their instructions come from that record.
      return config.teleport?.aws.mode === 'agentless' ? undefined : { hostname: stackNameFor(state) };
    },

    agentlessTeleportAddress(state) {
      if (name !== 'aws' || config.teleport?.aws.mode !== 'agentless') return undefined;
      const publicIp = readCloudState(state).outputs['publicIp'];
      if (typeof publicIp !== 'string' || publicIp === '') {
        throw new FaultlineError('PROVISION_FAILED', `The stack of ${state.name} has no publicIp output, so its Teleport node has no address.`, {
          hint: 'Run `faultline down` on it and `up` again.',
        });
      }
      return `${publicIp}:${AWS_NODE_SSH_PORT}`;
    },

    // aws and kubernetes stacks live in one Pulumi backend: `reap` sweeps it once.
    lostRemotes: {
      backend: 'pulumi',
      reap: async (options) => (await import('./reap-backend.js')).reapBackendStacks(config, options),
    },

    async plan(scenario, flags) {
      // Runs the program under Pulumi mocks, which take over this process's Pulumi runtime: fine for a one-shot CLI.
      const { planEnvironment } = await import('./plan.js');
      const { renderPlanTable } = await import('./plan-rows.js');
      const cloud = resolveCloudOptions(config, cloudFlagsSchema.parse(flags));
      const planned = await planEnvironment(scenario, name, { cloud });
      const namespace = planned.find((r) => r.type === 'kubernetes:core/v1:Namespace')?.details['name'] ?? 'fl-plan';
      const resources = [...planned, toolboxPlanRow(namespace)];
      return { resources, table: renderPlanTable(resources) };
    },

    async preflight(request) {
      const flags = cloudFlagsSchema.safeParse(request.flags);
      if (!flags.success) throw new FaultlineError('USAGE', `Unknown flags for the ${name} target: ${flags.error.issues.map((i) => i.message).join('; ')}`);
      const sshPublicKey = name === 'aws' ? await readSshPublicKey(flags.data) : undefined;
      const { assertPreflight } = await import('./preflight.js');
      await assertPreflight(
        request.scenario,
        { envId: 'preflight', candidate: request.candidate, target: name, expiresAt: new Date().toISOString(), ...(sshPublicKey === undefined ? {} : { sshPublicKey }) },
        resolveCloudOptions(config, flags.data),
      );
      await agentlessFor(resolveCloudOptions(config, flags.data))?.preflight();
    },

    async provision(state, save, progress) {
      const scenario = await loadScenario(state.scenarioPath);
      const options = optionsOf(state);
      const stack = stackNameFor(state);
      const sshPublicKey = name === 'aws' ? await readSshPublicKey(readCloudFlags(state)) : undefined;
      // Before the trail: a CA that cannot be exported leaves no stack to destroy.
      const teleport = await agentlessFor(options)?.prepare(state);
      // The trail first: from here on `down` knows there may be a stack to destroy.
      let current = withCloudState(cloudEnvState(state), { stack });
      await save(current);
      progress(`pulumi up: stack ${stack} on ${name} (several minutes)`);
      const { upCloudEnvironment } = await import('./up.js');
      const env = await upCloudEnvironment(
        scenario,
        { envId: stack, candidate: state.candidate, target: name, expiresAt: state.expiresAt, ...(sshPublicKey === undefined ? {} : { sshPublicKey }) },
        options,
        (line) => progress(`pulumi: ${line}`),
        undefined,
        teleport,
      );
      current = withCloudState(current, { outputs: env.outputs });
      if (name === 'aws') {
        const { readStackOutput } = await import('./stack-outputs.js');
        const path = join(homePaths.env(state.name), 'kubeconfig');
        await writeFile(path, String(await readStackOutput(stack, 'kubeconfig', options)), { mode: 0o600 });
        current = withCloudState(current, { kubeconfig: path });
      }
      await save(current);
      await startToolbox(current, progress);
      const pods = await kubeOf(current).list('pods');
      return { ...current, machines: placeMachines(current, describeMachines(readCloudState(current).outputs, pods)) };
    },

    async destroy(state, progress) {
      const { stack } = readCloudState(state);
      if (stack === undefined) {
        progress(`nothing was created on ${name} for ${state.name}`);
        return;
      }
      const { isPulumiInstalled } = await import('./preflight.js');
      if (!(await isPulumiInstalled())) {
        throw new FaultlineError('PULUMI_MISSING', `The pulumi CLI is needed to destroy stack ${stack} of ${state.name}, and it is not on PATH.`, {
          hint: "Install it (Pulumi's official install script, `brew install pulumi/tap/pulumi` or `choco install pulumi`), then run `faultline down` again; the state is kept until it succeeds.",
        });
      }
      const { destroyCloudEnvironment } = await import('./destroy.js');
      try {
        const { removed } = await destroyCloudEnvironment(stack, optionsOf(state), (line) => progress(`pulumi: ${line}`));
        progress(removed ? `stack ${stack} destroyed and removed` : `stack ${stack} was already gone`);
      } catch (error) {
        if (error instanceof FaultlineError) throw error;
        throw new FaultlineError('CLOUD_FAILED', `Could not destroy stack ${stack}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, {
          hint: 'Check that the pulumi CLI is on PATH and the backend is reachable, then run `faultline down` again; the state is kept until it succeeds.',
          cause: error,
        });
      }
    },

    async status(state) {
      const pods = await kubeOf(state)
        .list('pods')
        .catch(() => undefined);
      return describeMachines(readCloudState(state).outputs, pods);
    },

    executor: (state) => createKubeExecutor(kubeOf(state)),

    async journalTail(state, machine, _unit, lines = 50) {
      try {
        const kube = kubeOf(state);
        const { pod, container } = await locateRole(kube, machine);
        const result = await kube.run(['logs', pod, '-c', container, '--tail', String(lines)]);
        return (result.stdout || result.stderr).trimEnd();
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
    },

    kube: kubeOf,

    checkBaseline: (state, _exec, probes) => checkKubernetesBaseline(kubeOf(state), probes),
  };
}
