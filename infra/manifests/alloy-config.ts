/**
 * Grafana Alloy configuration shipping the logs of every pod in one
 * namespace to the environment's Loki through the Kubernetes API
 * (`loki.source.kubernetes`: no DaemonSet, no hostPath, no node access).
 * Labels: namespace, pod, container, app (app.kubernetes.io/name).
 */
export function renderAlloyConfig(namespace: string, lokiPushUrl: string): string {
  return `discovery.kubernetes "pods" {
  role = "pod"
  namespaces {
    names = ["${namespace}"]
  }
}

discovery.relabel "pods" {
  targets = discovery.kubernetes.pods.targets
  rule {
    source_labels = ["__meta_kubernetes_namespace"]
    target_label  = "namespace"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_name"]
    target_label  = "pod"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_container_name"]
    target_label  = "container"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_label_app_kubernetes_io_name"]
    target_label  = "app"
  }
}

loki.source.kubernetes "pods" {
  targets    = discovery.relabel.pods.output
  forward_to = [loki.write.env.receiver]
}

loki.write "env" {
  endpoint {
    url = "${lokiPushUrl}"
  }
}
`;
}
