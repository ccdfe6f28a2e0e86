import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { renderCloudInit } from '../../infra/render/cloud-init.js';
import { renderEgressRules, renderIngressRules } from '../../infra/render/security-rules.js';
import { renderTeleportConfig } from '../../infra/render/teleport-config.js';
import { VERSIONS } from '../../infra/versions.js';
import { FaultlineError } from '../../src/errors/index.js';
import { CLUSTER_TOKEN, SSH_KEY, TELEPORT_TOKEN, awsConfig } from './fixtures.js';

const env = awsConfig().env;

describe('security group rules', () => {
  it('refuses 0.0.0.0/0 unless world ingress is explicitly allowed', () => {
    expect(() => renderIngressRules(['0.0.0.0/0'], false)).toThrow(FaultlineError);
    expect(renderIngressRules(['0.0.0.0/0'], true).find((r) => r.fromPort === 22)?.cidrBlocks).toEqual(['0.0.0.0/0']);
  });

  it('opens nothing when no CIDR is configured', () => {
    expect(renderIngressRules([], false)).toEqual([]);
  });

  it('lets the Teleport agent reach its proxy on 443 and 3024 outbound', () => {
    const ports = renderEgressRules().map((r) => r.fromPort);
    expect(ports).toEqual(expect.arrayContaining([443, 3024]));
  });
});

describe('cloud-init', () => {
  const base = { env, sshPublicKey: SSH_KEY, k3sInstallScript: 'https://k3s.invalid/install.sh', clusterToken: CLUSTER_TOKEN };

  it('is a #cloud-config that installs the pinned k3s and the candidate key', () => {
    const text = renderCloudInit(base);
    expect(text.startsWith('#cloud-config\n')).toBe(true);
    const doc = parse(text);
    expect(doc.users[1].ssh_authorized_keys).toEqual([SSH_KEY]);
    expect(JSON.stringify(doc.runcmd)).toContain(`INSTALL_K3S_VERSION='${VERSIONS.k3s}'`);
    expect(doc.packages).toContain('tcpdump');
  });

  it('installs no Teleport agent unless configured', () => {
    expect(renderCloudInit(base)).not.toContain('teleport');
  });

  it('writes a teleport.yaml labelled with env, scenario and candidate when configured', () => {
    const doc = parse(renderCloudInit({ ...base, teleport: { proxy: 'tp.example.test:443', joinToken: TELEPORT_TOKEN } }));
    const file = doc.write_files.find((f: { path: string }) => f.path === '/etc/teleport.yaml');
    const teleport = parse(file.content);
    expect(file.permissions).toBe('0600');
    expect(teleport.ssh_service.labels).toEqual({ env: 'ada-disk', scenario: 'disk-pressure', candidate: 'ada' });
    expect(teleport.teleport.join_params).toEqual({ method: 'token', token_name: TELEPORT_TOKEN });
  });

  it('renders a teleport config naming the proxy', () => {
    const text = renderTeleportConfig({ proxy: 'tp.example.test:443', joinToken: TELEPORT_TOKEN, nodeName: 'n', env });
    expect(parse(text).teleport.proxy_server).toBe('tp.example.test:443');
  });
});
