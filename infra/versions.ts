/**
 * Every version the cloud targets install, pinned in one place. Bump them
 * together and re-run `npx vitest run tests/infra` (schemas, promtool, snapshots).
 */
export const VERSIONS = {
  /** k3s release installed by cloud-init (INSTALL_K3S_VERSION). */
  k3s: 'v1.30.6+k3s1',
  /** Kubernetes API version the rendered manifests are validated against (kubernetes-models). */
  kubernetesSchema: '1.27',
  charts: {
    kubePrometheusStack: '65.1.1',
    loki: '6.16.0',
    promtail: '6.16.6',
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
] as const;
