import { infraConfigSchema, type InfraConfig, type InfraConfigInput } from '../../infra/config.js';
import { alertRuleGroups } from '../../src/stack/render/alert-rules.js';

export const SSH_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAItestkeytestkeytestkeytestkeytestkey ada@laptop';
export const TELEPORT_TOKEN = 'tp-join-6f1e2d3c4b5a';

/** A complete config for the aws target; `patch` overrides top-level sections. */
export function awsConfig(patch: Partial<InfraConfigInput> = {}): InfraConfig {
  return infraConfigSchema.parse({
    target: 'aws',
    env: { id: 'ada-disk', scenario: 'disk-pressure', candidate: 'ada', expiresAt: '2026-01-01T04:00:00.000Z' },
    aws: { region: 'eu-west-1', allowedCidrs: ['203.0.113.0/24'], sshPublicKey: SSH_KEY },
    sources: { k3sInstallScript: 'https://k3s.invalid/install.sh', prometheusCommunityCharts: 'https://charts.invalid/pc', grafanaCharts: 'https://charts.invalid/grafana', grafanaCommunityCharts: 'https://charts.invalid/grafana-community' },
    ...patch,
  });
}

export const STACK_INPUTS = { bundle: '// bundle', alertGroups: alertRuleGroups() };
