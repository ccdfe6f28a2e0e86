import { z } from 'zod';

/*
 * The operator's cloud settings (aws, kubernetes, sources, the Teleport agent
 * join) as config.yaml and the Pulumi program both take them. They live with
 * the other schemas so config.ts need not reach into a target or infra/;
 * infra/config.ts re-exports them.
 */

/** IPv4 CIDR such as 203.0.113.7/32. */
export const cidr = z
  .string()
  .regex(/^(?:\d{1,3}\.){3}\d{1,3}\/(?:\d|[12]\d|3[0-2])$/, 'an IPv4 CIDR such as 203.0.113.7/32');

export const WORLD_CIDR = '0.0.0.0/0';

export const awsConfigSchema = z.strictObject({
  region: z.string().min(1),
  instanceType: z.string().default('t3.large'),
  amiFamily: z.enum(['debian-12', 'ubuntu-22.04']).default('debian-12'),
  /** CIDRs allowed to reach SSH and the Kubernetes API. Empty means nobody. */
  allowedCidrs: z.array(cidr).default([]),
  /** Only when true may 0.0.0.0/0 appear in `allowedCidrs`. */
  allowWorldIngress: z.boolean().default(false),
  /** The candidate's OpenSSH public key: ED25519 or RSA, the only types EC2 key pairs accept. */
  sshPublicKey: z
    .string()
    .regex(/^ssh-(ed25519|rsa) \S+/, 'an OpenSSH ssh-ed25519 or ssh-rsa public key line (EC2 key pairs accept no other type, ECDSA included)'),
  vpcCidr: cidr.default('10.42.0.0/16'),
  subnetCidr: cidr.default('10.42.1.0/24'),
  rootVolumeGiB: z.number().int().min(10).max(200).default(30),
});
export type AwsConfig = z.infer<typeof awsConfigSchema>;

export const teleportConfigSchema = z.strictObject({
  /** host:port of the Teleport proxy. */
  proxy: z.string().regex(/^[a-z0-9.-]+(?::\d+)?$/, 'host or host:port of the Teleport proxy'),
  /** Node join token; handled as a Pulumi secret. */
  joinToken: z.string().min(8),
});
export type TeleportConfig = z.infer<typeof teleportConfigSchema>;

/**
 * teleport.aws.mode: agentless, as the program takes it: the node's sshd
 * trusts `userCaKeys` for `login`; the proxy reaches port 22 from
 * `proxyCidrs`. The host key and certificate are not here: they are signed
 * for the node's Elastic IP while the program runs and go to SSM.
 */
export const teleportAgentlessSchema = z.strictObject({
  login: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,63}$/, 'a Teleport login usable as a certificate principal'),
  /** TrustedUserCAKeys content (public keys, one a line). */
  userCaKeys: z.string().regex(/^(?:\S+ [A-Za-z0-9+/]+={0,3}(?: [^\n]*)?\n?)+$/, 'OpenSSH public keys, one a line'),
  proxyCidrs: z.array(cidr).min(1, 'list the Teleport proxy addresses (teleport.aws.proxyCidrs)'),
});
export type TeleportAgentlessConfig = z.infer<typeof teleportAgentlessSchema>;

/**
 * Where things are downloaded from. No defaults on purpose: the operator sets
 * them once in the faultline config (see docs/CLOUD.md).
 */
export const sourcesSchema = z.strictObject({
  /** URL of the k3s install script (used with INSTALL_K3S_VERSION pinned). */
  k3sInstallScript: z.url(),
  /** Helm repository of the prometheus-community charts. */
  prometheusCommunityCharts: z.url(),
  /** Helm repository of Grafana's charts (alloy). */
  grafanaCharts: z.url(),
  /** Helm repository of the grafana-community charts (loki: its OSS chart moved there in 2026). */
  grafanaCommunityCharts: z.url(),
});
export type Sources = z.infer<typeof sourcesSchema>;

/** Which cluster the kubernetes target deploys to, and how its Ingress is served. */
export const kubernetesTargetSchema = z.strictObject({
  kubeconfig: z.string().optional(),
  context: z.string().optional(),
  /** IngressClass of the orders Ingress on --target kubernetes; unset: the cluster's default class. */
  ingressClassName: z.string().min(1).optional(),
});
