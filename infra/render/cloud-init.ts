import { stringify } from 'yaml';
import type { EnvIdentity, TeleportConfig } from '../config.js';
import { NODE_TOOLS, VERSIONS } from '../versions.js';
import { renderTeleportConfig } from './teleport-config.js';
import { renderTeleportOpenSsh, type TeleportOpenSshInput } from './teleport-openssh.js';

export interface CloudInitInput {
  readonly env: EnvIdentity;
  readonly sshPublicKey: string;
  readonly k3sInstallScript: string;
  /** Static API token for the operator's kubeconfig (token-auth-file). */
  readonly clusterToken: string;
  readonly teleport?: TeleportConfig;
  /** Teleport agentless mode (teleport.aws.mode: agentless): sshd trust + host cert instead of the agent. */
  readonly teleportOpenSsh?: TeleportOpenSshInput;
}

/** Path of the static token file the k3s API server reads. */
export const TOKEN_FILE = '/etc/faultline/k3s-tokens.csv';

/**
 * `#cloud-config` user data: the candidate's key, the troubleshooting tools,
 * a pinned k3s (Traefik kept, it serves the ingress) and, when configured,
 * a Teleport agent. Contains secrets: callers must wrap it in pulumi.secret.
 */
export function renderCloudInit(input: CloudInitInput): string {
  const files = [
    { path: TOKEN_FILE, permissions: '0600', content: `${input.clusterToken},faultline-admin,faultline-admin,system:masters\n` },
  ];
  const commands: string[][] = [
    [
      'sh',
      '-c',
      `curl -sfL ${input.k3sInstallScript} | INSTALL_K3S_VERSION='${VERSIONS.k3s}' sh -s - server ` +
        `--write-kubeconfig-mode 0600 --kube-apiserver-arg=token-auth-file=${TOKEN_FILE}`,
    ],
  ];
  if (input.teleport !== undefined) {
    files.push({
      path: '/etc/teleport.yaml',
      permissions: '0600',
      content: renderTeleportConfig({ ...input.teleport, nodeName: input.env.id, env: input.env }),
    });
    commands.push(
      ['sh', '-c', `curl -fsSL https://${input.teleport.proxy}/scripts/install.sh | bash`],
      ['systemctl', 'enable', '--now', 'teleport'],
    );
  }
  if (input.teleportOpenSsh !== undefined) {
    const part = renderTeleportOpenSsh(input.teleportOpenSsh);
    files.push(...part.files);
    commands.push(...part.commands);
  }
  const doc = {
    package_update: true,
    packages: [...NODE_TOOLS],
    users: [
      'default',
      {
        name: 'candidate',
        groups: ['sudo'],
        shell: '/bin/bash',
        sudo: 'ALL=(ALL) NOPASSWD:ALL',
        ssh_authorized_keys: [input.sshPublicKey],
      },
    ],
    write_files: files,
    runcmd: commands,
  };
  return `#cloud-config\n${stringify(doc)}`;
}
