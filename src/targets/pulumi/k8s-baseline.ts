import type { Criterion, VerifyResult } from '../../core/evidence.js';
import { verifyResult } from '../../core/evidence.js';
import type { KubeClient, KubeObject } from '../../core/kube.js';
import type { HttpResponse, PromAlert, Probes, ScrapeTarget } from '../../core/probe.js';
import { alertRuleGroups } from '../../stack/render/alert-rules.js';
import { K8S_NAMES } from '../../../infra/manifests/names.js';
import { TOOLBOX } from './toolbox.js';
import { isPodReady } from './role-pods.js';

/** The app as seen from mon (the toolbox pod) through the orders Service: cluster DNS, kube-proxy, endpoints. */
export const SERVICE_ORDERS_URL = `http://${K8S_NAMES.app}/api/orders`;

type Status = { replicas?: number; readyReplicas?: number };
const ready = (o: KubeObject | undefined): string => {
  if (o === undefined) return 'missing';
  const want = (o['spec'] as { replicas?: number } | undefined)?.replicas ?? 1;
  const got = (o['status'] as Status | undefined)?.readyReplicas ?? 0;
  return `${got}/${want}`;
};
const isReady = (o: KubeObject | undefined): boolean => {
  const [got, want] = ready(o).split('/').map(Number);
  return got !== undefined && want !== undefined && want > 0 && got >= want;
};

/** The orders Deployment, the etcd StatefulSet and the toolbox pod are all ready. Pure. */
export function checkWorkloads(deployment: KubeObject | undefined, statefulSet: KubeObject | undefined, toolbox: KubeObject | undefined): Criterion {
  const passed = isReady(deployment) && isReady(statefulSet) && toolbox !== undefined && isPodReady(toolbox);
  return {
    name: 'every workload of the environment is ready',
    passed,
    evidence: `deployment/${K8S_NAMES.app} ${ready(deployment)} ready, statefulset/${K8S_NAMES.store} ${ready(statefulSet)} ready, pod/${TOOLBOX.name} ${toolbox === undefined ? 'missing' : isPodReady(toolbox) ? 'ready' : 'not ready'}`,
  };
}

/**
 * Every `orders` scrape target is up, and there are as many as replicas. Other
 * jobs are not judged: kube-prometheus-stack also scrapes cluster components
 * that k3s embeds (controller-manager, scheduler) and reports them down. Pure.
 */
export function checkAppTargets(targets: readonly ScrapeTarget[] | Error, replicas: number): Criterion {
  const name = 'every orders scrape target is up';
  if (targets instanceof Error) return { name, passed: false, evidence: targets.message };
  const app = targets.filter((t) => t.job === K8S_NAMES.app);
  const down = app.filter((t) => t.health !== 'up');
  return {
    name,
    passed: down.length === 0 && app.length >= replicas,
    evidence: down.length
      ? `down: ${down.map((t) => `${t.instance} (${t.health}${t.lastError ? `: ${t.lastError}` : ''})`).join('; ')}`
      : `${app.length} orders targets up (need ≥ ${replicas})`,
  };
}

/** The orders Service answers 200 with a real app response. Pure. */
export function checkServiceResponse(response: HttpResponse): Criterion {
  const real = response.body.includes('"service":"orders"');
  return {
    name: 'the orders Service answers 200 with a real app response',
    passed: response.status === 200 && real,
    evidence: `GET ${SERVICE_ORDERS_URL} from mon → ${response.status || 'no response'}${real ? ` from ${response.headers['x-orders-instance'] ?? 'orders'}` : `: ${response.body.slice(0, 160)}`}`,
  };
}

/**
 * The app's alert rules are loaded and none fires. The chart's own rules are
 * not judged (its Watchdog alert fires by design). Pure.
 */
export function checkAppAlerts(alerts: readonly PromAlert[] | Error): Criterion {
  const name = "the app's alert rules are loaded and none is firing";
  if (alerts instanceof Error) return { name, passed: false, evidence: alerts.message };
  const names = new Set(alertRuleGroups().flatMap((g) => g.rules.map((r) => r.alert)));
  const ours = alerts.filter((a) => names.has(a.name));
  const loaded = new Set(ours.map((a) => a.name));
  const firing = ours.filter((a) => a.state === 'firing');
  return {
    name,
    passed: loaded.size === names.size && firing.length === 0,
    evidence: firing.length
      ? `firing: ${[...new Set(firing.map((a) => a.name))].join(', ')}`
      : `${loaded.size}/${names.size} app alert rules loaded${loaded.size < names.size ? ` (missing: ${[...names].filter((n) => !loaded.has(n)).join(', ')})` : ''}, none firing`,
  };
}

/** One pass of the kubernetes baseline: workloads, scrape targets, the Service, alerts. */
export async function checkKubernetesBaseline(kube: KubeClient, probes: Probes): Promise<VerifyResult> {
  const [deployment, statefulSet, toolbox] = await Promise.all([
    kube.get('deployment', K8S_NAMES.app).catch(() => undefined),
    kube.get('statefulset', K8S_NAMES.store).catch(() => undefined),
    kube.get('pod', TOOLBOX.name).catch(() => undefined),
  ]);
  const replicas = (deployment?.['spec'] as { replicas?: number } | undefined)?.replicas ?? 1;
  const [targets, response, alerts] = await Promise.all([
    probes.targets().catch((e: Error) => e),
    probes.http('mon', SERVICE_ORDERS_URL).catch((e: Error): HttpResponse => ({ status: 0, body: e.message, headers: {} })),
    probes.alerts().catch((e: Error) => e),
  ]);
  return verifyResult([
    checkWorkloads(deployment, statefulSet, toolbox),
    checkAppTargets(targets, replicas),
    checkServiceResponse(response),
    checkAppAlerts(alerts),
  ]);
}
