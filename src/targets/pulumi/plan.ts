import * as pulumi from '@pulumi/pulumi';
import type { Sources } from '../../../infra/config.js';
import { awsProgram } from '../../../infra/programs/aws.js';
import { kubernetesProgram } from '../../../infra/programs/kubernetes.js';
import { alertRuleGroups } from '../../stack/render/alert-rules.js';
import { FaultlineError } from '../../errors/index.js';
import type { Scenario } from '../../schema/scenario.js';
import { buildInfraConfig } from './infra-config.js';
import { cloudOptionsSchema, type CloudOptionsInput, type CloudTargetName } from './options.js';
import { createRecordingMocks, recordEdges } from './plan-mocks.js';
import { toPlanRows, type PlanRow } from './plan-rows.js';

export interface PlanOptions {
  /** Operator options (region, CIDRs…); missing credentials are fine, nothing is contacted. */
  readonly cloud?: CloudOptionsInput;
  /** "Now" for the expiry tag (default: the current time). */
  readonly now?: Date;
  readonly candidate?: string;
}

/** Stand-ins for unset sources (the reserved .invalid domain: never resolvable). */
export const PLACEHOLDER_SOURCES: Sources = {
  k3sInstallScript: 'https://k3s.invalid/install.sh',
  prometheusCommunityCharts: 'https://charts.invalid/prometheus-community',
  grafanaCharts: 'https://charts.invalid/grafana',
  grafanaCommunityCharts: 'https://charts.invalid/grafana-community',
};
/** Stand-ins for the agentless Teleport material (nothing is signed by a plan). */
const PLANNED_TELEPORT = { login: 'candidate', userCaKeys: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPlannedTeleportUserCaPlannedTeleportUserCa planned-ca\n' };
const PLANNED_HOST_CERT = { privateKey: 'planned host key (signed at up time)', certificate: 'planned host certificate (signed at up time)' };
const PLACEHOLDER_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPlannedPlannedPlannedPlannedPlannedPlanned plan';

function ttlMs(ttl: string): number {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(ttl);
  return ((Number(m?.[1] ?? 0) * 60 + Number(m?.[2] ?? 0)) * 60 + Number(m?.[3] ?? 0)) * 1000;
}

async function settle(count: () => number): Promise<void> {
  const wait = (pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> }).waitForRPCs;
  let last = -1;
  for (let stable = 0; stable < 5; ) {
    if (wait) await wait();
    await new Promise((r) => setTimeout(r, 10));
    stable = count() === last ? stable + 1 : 0;
    last = count();
  }
}

/**
 * What `up` would create for `scenario` on `target`, computed offline: the
 * inline program runs in-process under pulumi.runtime.setMocks (preview
 * mode), with no credentials, CLI or cluster. Replaces the process's Pulumi
 * runtime settings: call it from the CLI or a test file, not next to a real `up`.
 */
export async function planEnvironment(scenario: Scenario, target: CloudTargetName, options: PlanOptions = {}): Promise<PlanRow[]> {
  if (!scenario.targets.includes(target)) {
    throw new FaultlineError('UNSUPPORTED_TARGET', `Scenario "${scenario.id}" does not support the ${target} target`, {
      hint: `It supports: ${scenario.targets.join(', ')}.`,
    });
  }
  const cloud = cloudOptionsSchema.parse(options.cloud ?? {});
  const now = options.now ?? new Date();
  const envId = 'plan';
  const config = buildInfraConfig(
    scenario,
    { envId, candidate: options.candidate ?? 'candidate', target, expiresAt: new Date(now.getTime() + ttlMs(scenario.ttl)).toISOString(), sshPublicKey: PLACEHOLDER_KEY },
    cloud,
    { sources: cloud.sources ?? PLACEHOLDER_SOURCES, region: cloud.aws.region ?? 'planned-region', teleportAgentless: PLANNED_TELEPORT },
  );
  const inputs = { bundle: '// orders bundle (built at up time)', alertGroups: alertRuleGroups() };
  const { mocks, resources } = createRecordingMocks();
  await pulumi.runtime.setMocks(mocks, 'faultline', envId, true);
  const edges = recordEdges();
  const program = target === 'aws' ? awsProgram(config, inputs, { signTeleportHostCert: async () => PLANNED_HOST_CERT }) : kubernetesProgram(config, inputs);
  const outputs = await program();
  await Promise.all(Object.values(outputs).map((o) => (pulumi.Output.isInstance(o) ? new Promise((r) => o.apply(r)) : o)));
  await settle(() => resources.length);
  return toPlanRows(resources, edges).sort((a, b) => a.name.localeCompare(b.name) || a.type.localeCompare(b.type));
}
