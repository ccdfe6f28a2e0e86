/**
 * Every version the cloud targets install, pinned in one place. Bump them
 * together and re-run `npx vitest run tests/infra` (schemas, promtool, snapshots).
 */
export const VERSIONS = {
  /**
   * k3s release installed by cloud-init (INSTALL_K3S_VERSION): the v1.35 line
   * (Kubernetes 1.35 is supported upstream until 2027-02-28); v1.35.6+k3s1
   * per its GitHub release notes (Kubernetes v1.35.6, Traefik v3.7.4).
   */
  k3s: 'v1.35.6+k3s1',
  /** Kubernetes API version the rendered manifests are validated against (kubernetes-models). */
  kubernetesSchema: '1.27',
  charts: {
    /** prometheus-community/helm-charts tag kube-prometheus-stack-88.5.3 (operator v0.93.1). */
    kubePrometheusStack: '88.5.3',
    /** Loki's community chart (grafana-community/helm-charts, tag loki-18.11.0, Loki 3.7.6): the OSS chart's home since 2026-03-16. */
    loki: '18.11.0',
    /** Grafana Alloy (grafana/alloy tag helm-chart/1.11.1, Alloy v1.18.1): replaces Promtail (end of life 2026-03-02, chart deprecated). */
    alloy: '1.11.1',
  },
} as const;

/**
 * Default container images, each from its project's own publisher with a
 * pinned tag (overridable with `images.*` in the config):
 * - app: the Docker official `node` image (bare name: the cluster's default registry).
 * - etcd: the etcd project's own image, pushed by its release process to
 *   quay.io/coreos/etcd (named in etcd's release notes template, with the
 *   Google Artifact Registry copy as primary); v3.6.x is the supported line.
 */
export const DEFAULT_IMAGES = {
  app: 'node:22-alpine',
  etcd: 'quay.io/coreos/etcd:v3.6.16',
} as const;

/**
 * Where every image faultline itself puts into a manifest comes from, and
 * until when its pinned line is maintained upstream (undefined: no published
 * end date). The Helm charts' own images are pinned by the chart versions.
 */
export const IMAGE_SOURCES: Readonly<Record<string, { readonly publisher: string; readonly line: string; readonly maintainedUntil?: string }>> = {
  node: { publisher: 'Docker official image of Node.js', line: 'Node.js 22 LTS (maintenance ends 2027-04-30 per the Node.js release schedule)', maintainedUntil: '2027-04-30' },
  'quay.io/coreos/etcd': { publisher: 'the etcd project (its release process pushes every tag there)', line: 'etcd v3.6 (supported while it is one of the two newest minors)' },
  'nicolaka/netshoot': { publisher: 'netshoot (community troubleshooting image)', line: 'v0.13 tag, pinned; no upstream support policy' },
};

/** Troubleshooting tools cloud-init installs on the node (Debian/Ubuntu package names). */
export const NODE_TOOLS = [
  'curl',
  'jq',
  'lsof',
  'strace',
  'tcpdump',
  'dnsutils',
  'iproute2',
  'procps',
  'less',
  'vim-tiny',
  'sysstat',
  'openssl',
  // The boot script reads the node's secrets from SSM Parameter Store with it.
  'awscli',
] as const;
