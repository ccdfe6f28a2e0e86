import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../src/schema/config.js';
import { resolveCloudOptions } from '../../../src/targets/pulumi/cloud-options.js';

const SOURCES = {
  k3sInstallScript: 'https://k3s.invalid/install.sh',
  prometheusCommunityCharts: 'https://charts.invalid/prometheus-community',
  grafanaCharts: 'https://charts.invalid/grafana',
  grafanaCommunityCharts: 'https://charts.invalid/grafana-community',
};

describe('cloud options from the faultline config', () => {
  it('maps config.yaml onto the adapter options, with the flags of up winning', () => {
    const config = configSchema.parse({
      pulumi: { backend: 's3://bucket/faultline' },
      aws: { region: 'eu-west-1', amiFamily: 'ubuntu-22.04', allowedCidrs: ['203.0.113.0/24'] },
      kubernetes: { kubeconfig: '/etc/kube', context: 'shared' },
      teleport: { proxy: 'teleport.example.com:443', joinToken: 'join-token-123', binary: '/usr/local/bin/teleport' },
      sources: SOURCES,
    });
    expect(resolveCloudOptions(config, { region: 'us-east-1', context: 'dev' })).toEqual({
      backend: 's3://bucket/faultline',
      aws: { region: 'us-east-1', instanceType: 't3.large', amiFamily: 'ubuntu-22.04', allowedCidrs: ['203.0.113.0/24'], allowWorldIngress: false },
      kubernetes: { kubeconfig: '/etc/kube', context: 'dev' },
      teleport: { proxy: 'teleport.example.com:443', joinToken: 'join-token-123' },
      teleportAwsMode: 'agent',
      teleportProxyCidrs: [],
      sources: SOURCES,
    });
  });

  it('accepts an empty config (no cloud section needed for the local target)', () => {
    expect(resolveCloudOptions(configSchema.parse({}))).toMatchObject({ aws: { allowedCidrs: [], allowWorldIngress: false }, kubernetes: {} });
  });

  it('rejects in config.yaml what the cloud program would reject, with the field path', () => {
    const result = configSchema.safeParse({ aws: { allowedCidrs: ['office'], amiFamily: 'windows' }, sources: { k3sInstallScript: 'not a url' } });
    expect(result.success).toBe(false);
    const paths = (result.error?.issues ?? []).map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['aws.allowedCidrs.0', 'aws.amiFamily', 'sources.k3sInstallScript', 'sources.prometheusCommunityCharts']));
  });
});
