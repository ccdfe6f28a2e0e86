import type { EnvIdentity } from '../config.js';
import { renderLabels } from '../tags.js';
import type { AlertRuleGroup } from './alert-groups.js';
import { APP_SELECTOR, K8S_NAMES, namespaceFor } from './names.js';
import type { KubeManifest } from './types.js';

/** PrometheusRule carrying the app's alert groups (picked up by kube-prometheus-stack). */
export function renderPrometheusRule(env: EnvIdentity, groups: readonly AlertRuleGroup[]): KubeManifest {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: K8S_NAMES.rule, namespace: namespaceFor(env), labels: renderLabels(env) },
    spec: {
      groups: groups.map((group) => ({
        name: group.name,
        rules: group.rules.map((rule) => ({
          alert: rule.alert,
          expr: rule.expr,
          for: rule.for,
          labels: { ...rule.labels },
          annotations: { ...rule.annotations },
        })),
      })),
    },
  };
}

/** ServiceMonitor scraping the orders Service (job label = "orders"). */
export function renderOrdersServiceMonitor(env: EnvIdentity): KubeManifest {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name: K8S_NAMES.serviceMonitor, namespace: namespaceFor(env), labels: renderLabels(env) },
    spec: {
      selector: { matchLabels: { ...APP_SELECTOR } },
      endpoints: [{ port: 'http', path: '/metrics', interval: '15s' }],
    },
  };
}
