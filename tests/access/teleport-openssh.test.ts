import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseCertificateListing } from '../../src/access/ssh-cert.js';
import {
  expandHostCertCommand,
  formatCommand,
  hostCertPrincipals,
  normaliseUserCaKeys,
  renderNodeResource,
  tctlArgs,
  tctlTtl,
  teleportHostname,
  teleportInstructions,
  teleportNodeLabels,
  type TeleportNode,
} from '../../src/access/teleport-openssh.js';
import { isFaultlineError } from '../../src/errors/index.js';
import { configSchema } from '../../src/schema/config.js';

const node: TeleportNode = {
  id: '3f2b8c1e-9d4a-4c7b-8e5f-1a2b3c4d5e6f',
  hostname: teleportHostname('ab12cd'),
  addr: '192.0.2.10:2201',
  labels: teleportNodeLabels({
    envName: 'disk-pressure-ada-ab12cd',
    scenario: 'disk-pressure',
    candidate: 'ada',
    expiresAt: '2026-12-02T18:00:00.000Z',
    extra: { team: 'sre', env: 'spoofed' },
  }),
  expires: '2026-12-02T19:00:00.000Z',
};

describe('the Teleport node resource', () => {
  it('renders kind node, sub_kind openssh, with the published address and env/scenario/candidate/expires-at labels', () => {
    expect(renderNodeResource(node)).toBe(
      [
        'kind: node',
        'version: v2',
        'sub_kind: openssh',
        'metadata:',
        '  name: 3f2b8c1e-9d4a-4c7b-8e5f-1a2b3c4d5e6f',
        '  labels:',
        '    team: sre',
        '    env: disk-pressure-ada-ab12cd',
        '    scenario: disk-pressure',
        '    candidate: ada',
        '    expires-at: 2026-12-02T18:00:00.000Z',
        '  expires: 2026-12-02T19:00:00.000Z',
        'spec:',
        '  addr: 192.0.2.10:2201',
        '  hostname: env-ab12cd',
        '',
      ].join('\n'),
    );
    expect(parse(renderNodeResource(node)).metadata.labels.env).toBe('disk-pressure-ada-ab12cd');
  });

  it('refuses a node name that is not a UUID (Teleport requires one for OpenSSH nodes)', () => {
    expect(() => renderNodeResource({ ...node, id: 'env-ab12cd' })).toThrow(/not a lower-case UUID/);
  });

  it('signs the host certificate for the node UUID, hostname and dialled address (no port)', () => {
    expect(hostCertPrincipals(node)).toEqual(['3f2b8c1e-9d4a-4c7b-8e5f-1a2b3c4d5e6f', 'env-ab12cd', '192.0.2.10']);
  });
});

describe('tctl commands', () => {
  it('are the exact command lines faultline runs or prints', () => {
    expect(formatCommand('tctl', tctlArgs.create('/home/i/.faultline/envs/x/access/teleport/node.yaml'))).toBe('tctl create -f /home/i/.faultline/envs/x/access/teleport/node.yaml');
    expect(formatCommand('tctl', tctlArgs.remove(node.id))).toBe('tctl rm node/3f2b8c1e-9d4a-4c7b-8e5f-1a2b3c4d5e6f');
    expect(formatCommand('tctl', tctlArgs.exportUserCa())).toBe('tctl auth export --type=openssh');
    expect(formatCommand('/opt/teleport/tctl', tctlArgs.signHost(hostCertPrincipals(node), '/tmp/out dir/host_key', tctlTtl(4 * 3_600_000 + 1)))).toBe(
      "/opt/teleport/tctl auth sign '--host=3f2b8c1e-9d4a-4c7b-8e5f-1a2b3c4d5e6f,env-ab12cd,192.0.2.10' --format=openssh '--out=/tmp/out dir/host_key' --ttl=241m --overwrite",
    );
  });

  it('fills the placeholders of an interviewer-supplied host certificate command', () => {
    expect(expandHostCertCommand(['/usr/local/bin/sign-host', '--principals={principals}', '{out}', '{ttl}'], { principals: ['a', 'b'], out: '/x/host_key', ttl: '60m' })).toEqual([
      '/usr/local/bin/sign-host',
      '--principals=a,b',
      '/x/host_key',
      '60m',
    ]);
  });
});

describe('the user CA as tctl auth export --type=openssh prints it', () => {
  it('drops the cert-authority prefix and keeps every key (CA rotation)', () => {
    const exported = 'cert-authority ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOr clustername=example&type=openssh\ncert-authority ssh-rsa AAAAB3NzaC1yc2E= clustername=example\n';
    expect(normaliseUserCaKeys(exported, 'test')).toBe('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOr clustername=example&type=openssh\nssh-rsa AAAAB3NzaC1yc2E= clustername=example\n');
  });

  it('refuses a file with no key, or with something else in it, as TELEPORT_MATERIAL_MISSING (exit 60)', () => {
    for (const text of ['', '# nothing\n', '-----BEGIN CERTIFICATE-----\nMIIB\n']) {
      try {
        normaliseUserCaKeys(text, 'teleport.userCaFile /x');
        expect.unreachable();
      } catch (error) {
        expect(isFaultlineError(error) && error.code).toBe('TELEPORT_MATERIAL_MISSING');
        expect(isFaultlineError(error) && error.exitCode).toBe(60);
        expect(isFaultlineError(error) && error.hint).toContain('tctl auth export --type=openssh');
      }
    }
  });
});

describe('certificate listing', () => {
  it('reads kind, principals and expiry from ssh-keygen -L', () => {
    const listing = [
      'host_key-cert.pub:',
      '        Type: ssh-ed25519-cert-v01@openssh.com host certificate',
      '        Public key: ED25519-CERT SHA256:abc',
      '        Signing CA: ED25519 SHA256:CAfingerprint (using ssh-ed25519)',
      '        Key ID: "teleport-host"',
      '        Serial: 0',
      '        Valid: from 2026-12-02T13:00:00 to 2026-12-02T21:00:00',
      '        Principals: ',
      '                3f2b8c1e-9d4a-4c7b-8e5f-1a2b3c4d5e6f',
      '                env-ab12cd',
      '        Critical Options: (none)',
      '        Extensions: (none)',
    ].join('\n');
    const info = parseCertificateListing(listing);
    expect(info).toMatchObject({ kind: 'host', principals: ['3f2b8c1e-9d4a-4c7b-8e5f-1a2b3c4d5e6f', 'env-ab12cd'], signingCa: 'SHA256:CAfingerprint' });
    expect(info.validBefore?.getTime()).toBe(new Date('2026-12-02T21:00:00').getTime());
  });
});

describe('instructions and config', () => {
  it('prints tsh and the web terminal for the node', () => {
    expect(teleportInstructions('teleport.example.com:443', 'env-ab12cd')).toEqual({
      tsh: 'tsh login --proxy=teleport.example.com:443 && tsh ssh candidate@env-ab12cd',
      web: 'https://teleport.example.com/web (Resources → env-ab12cd → Connect → candidate)',
    });
  });

  it('defaults: login candidate, tctl on PATH, auto registration, aws agent mode, loopback refused', () => {
    const config = configSchema.parse({ teleport: { proxy: 'teleport.example.com:443' } });
    expect(config.teleport).toEqual({ proxy: 'teleport.example.com:443', login: 'candidate', labels: {}, hostCert: {}, tctl: 'tctl', register: 'auto', allowLoopback: false, aws: { mode: 'agent', proxyCidrs: [] } });
  });

  it('rejects a login that cannot be a principal and an unknown aws mode', () => {
    expect(configSchema.safeParse({ teleport: { proxy: 'tp.example.com', login: 'a b' } }).success).toBe(false);
    expect(configSchema.safeParse({ teleport: { proxy: 'tp.example.com', aws: { mode: 'sidecar' } } }).success).toBe(false);
    expect(configSchema.safeParse({ teleport: { proxy: 'tp.example.com', aws: { mode: 'agentless', proxyCidrs: ['198.51.100.7'] } } }).success).toBe(false);
    expect(configSchema.safeParse({ teleport: { proxy: 'tp.example.com', aws: { mode: 'agentless', proxyCidrs: ['198.51.100.7/32'] } } }).success).toBe(true);
  });
});
