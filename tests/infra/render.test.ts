import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { BOOT_PATHS, TELEPORT_TOKEN_PLACEHOLDER } from '../../infra/render/boot-script.js';
import { renderCloudInit } from '../../infra/render/cloud-init.js';
import { nodeSecretNames } from '../../infra/render/node-secrets.js';
import { renderEgressRules, renderIngressRules } from '../../infra/render/security-rules.js';
import { renderTeleportConfig } from '../../infra/render/teleport-config.js';
import { VERSIONS } from '../../infra/versions.js';
import { FaultlineError } from '../../src/errors/index.js';
import { SSH_KEY, TELEPORT_TOKEN, awsConfig } from './fixtures.js';

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
  const base = {
    env,
    sshPublicKey: SSH_KEY,
    k3sInstallScript: 'https://k3s.invalid/install.sh',
    region: 'eu-west-1',
    tlsSan: '192.0.2.10',
    serverCaCertPem: '-----BEGIN CERTIFICATE-----\nca\n-----END CERTIFICATE-----\n',
    secrets: nodeSecretNames(env),
  };
  const bootScript = (text: string): string => parse(text).write_files.find((f: { path: string }) => f.path === BOOT_PATHS.script).content;

  it('is a #cloud-config that installs the pinned k3s with --tls-san and the candidate key', () => {
    const text = renderCloudInit(base);
    expect(text.startsWith('#cloud-config\n')).toBe(true);
    const doc = parse(text);
    expect(doc.users[1].ssh_authorized_keys).toEqual([SSH_KEY]);
    expect(doc.runcmd).toEqual([[BOOT_PATHS.script]]);
    const script = bootScript(text);
    expect(script).toContain(`INSTALL_K3S_VERSION='${VERSIONS.k3s}'`);
    expect(script).toContain("--tls-san '192.0.2.10'");
    expect(doc.packages).toEqual(expect.arrayContaining(['tcpdump', 'awscli', 'openssl']));
  });

  it('reads the API token and the CA key from SSM at boot and places the CA files k3s requires before it starts', () => {
    const script = bootScript(renderCloudInit(base));
    expect(script).toContain("param '/faultline/ada-disk/api-token'");
    expect(script).toContain("param '/faultline/ada-disk/server-ca-key' > /var/lib/rancher/k3s/server/tls/server-ca.key");
    // k3s docs ("Using Custom CA Certificates"): every one of these must exist at first start.
    for (const file of ['server-ca.crt', 'server-ca.key', 'client-ca', 'request-header-ca', 'etcd/peer-ca', 'etcd/server-ca', 'service.key']) {
      expect(script, file).toContain(file);
    }
    expect(script.indexOf('service.key')).toBeLessThan(script.indexOf('INSTALL_K3S_VERSION'));
  });

  it('passes the boot script through bash -n', () => {
    const script = bootScript(renderCloudInit({ ...base, teleportProxy: 'tp.example.test:443' }));
    expect(() => execFileSync('bash', ['-n'], { input: script })).not.toThrow();
  });

  it('installs no Teleport agent unless configured', () => {
    expect(renderCloudInit(base)).not.toContain('teleport');
  });

  it('writes a teleport.yaml template labelled with env, scenario and candidate; the join token is filled in at boot from SSM', () => {
    const text = renderCloudInit({ ...base, teleportProxy: 'tp.example.test:443' });
    const doc = parse(text);
    const file = doc.write_files.find((f: { path: string }) => f.path === BOOT_PATHS.teleportTemplate);
    const teleport = parse(file.content);
    expect(file.permissions).toBe('0600');
    expect(teleport.ssh_service.labels).toEqual({ env: 'ada-disk', scenario: 'disk-pressure', candidate: 'ada' });
    expect(teleport.teleport.join_params).toEqual({ method: 'token', token_name: TELEPORT_TOKEN_PLACEHOLDER });
    expect(bootScript(text)).toContain("param '/faultline/ada-disk/teleport-join-token'");
    expect(text).not.toContain(TELEPORT_TOKEN);
  });

  it('renders a teleport config naming the proxy', () => {
    const text = renderTeleportConfig({ proxy: 'tp.example.test:443', joinToken: TELEPORT_TOKEN, nodeName: 'n', env });
    expect(parse(text).teleport.proxy_server).toBe('tp.example.test:443');
  });
});
