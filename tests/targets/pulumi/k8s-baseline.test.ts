import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/core/kube.js';
import type { PromAlert, ScrapeTarget } from '../../../src/core/probe.js';
import { alertRuleGroups } from '../../../src/stack/render/alert-rules.js';
import { checkAppAlerts, checkAppTargets, checkServiceResponse, checkWorkloads } from '../../../src/targets/pulumi/k8s-baseline.js';
import { recordedPod } from './fixtures/pods.js';

const workload = (kind: string, name: string, replicas: number, readyReplicas?: number): KubeObject => ({
  apiVersion: 'apps/v1',
  kind,
  metadata: { name },
  spec: { replicas },
  status: readyReplicas === undefined ? {} : { replicas, readyReplicas },
});
const target = (job: string, instance: string, health: ScrapeTarget['health'], lastError = ''): ScrapeTarget => ({ job, instance, health, lastError });
const APP_ALERTS = alertRuleGroups().flatMap((g) => g.rules.map((r) => r.alert));
const inactive = (name: string): PromAlert => ({ name, state: 'inactive', labels: {} });

describe('the kubernetes baseline', () => {
  it('wants the Deployment, the StatefulSet and the toolbox pod ready', () => {
    const toolbox = recordedPod('faultline-mon', 'faultline-mon', 'Running', true);
    expect(checkWorkloads(workload('Deployment', 'orders', 2, 2), workload('StatefulSet', 'etcd', 1, 1), toolbox)).toMatchObject({
      passed: true,
      evidence: 'deployment/orders 2/2 ready, statefulset/etcd 1/1 ready, pod/faultline-mon ready',
    });
    expect(checkWorkloads(workload('Deployment', 'orders', 2, 1), workload('StatefulSet', 'etcd', 1, 1), toolbox).passed).toBe(false);
    expect(checkWorkloads(workload('Deployment', 'orders', 2, 2), workload('StatefulSet', 'etcd', 1), toolbox).evidence).toContain('statefulset/etcd 0/1');
    expect(checkWorkloads(workload('Deployment', 'orders', 2, 2), undefined, undefined)).toMatchObject({ passed: false });
  });

  it('judges only the orders scrape targets, and wants one per replica', () => {
    const k3sNoise = target('kube-controller-manager', '10.0.0.1:10257', 'down', 'connection refused');
    const up = [target('orders', '10.42.0.21:8080', 'up'), target('orders', '10.42.0.22:8080', 'up')];
    expect(checkAppTargets([...up, k3sNoise], 2)).toMatchObject({ passed: true, evidence: '2 orders targets up (need ≥ 2)' });
    expect(checkAppTargets(up.slice(0, 1), 2).passed).toBe(false);
    expect(checkAppTargets([up[0]!, target('orders', '10.42.0.22:8080', 'down', 'EOF')], 2)).toMatchObject({
      passed: false,
      evidence: 'down: 10.42.0.22:8080 (down: EOF)',
    });
    expect(checkAppTargets(new Error('GET mon:9090/api/v1/targets failed'), 2)).toMatchObject({ passed: false, evidence: 'GET mon:9090/api/v1/targets failed' });
  });

  it('wants a real orders answer through the Service', () => {
    expect(checkServiceResponse({ status: 200, body: '{"service":"orders","orders":[]}', headers: { 'x-orders-instance': 'orders-b' } })).toMatchObject({
      passed: true,
      evidence: 'GET http://orders/api/orders from mon → 200 from orders-b',
    });
    expect(checkServiceResponse({ status: 200, body: '<html>default backend</html>', headers: {} }).passed).toBe(false);
    expect(checkServiceResponse({ status: 0, body: 'Could not resolve host: orders', headers: {} }).evidence).toContain('no response: Could not resolve host');
  });

  it("wants every app alert rule loaded and none firing, ignoring the chart's own alerts", () => {
    const watchdog: PromAlert = { name: 'Watchdog', state: 'firing', labels: {} };
    expect(checkAppAlerts([...APP_ALERTS.map(inactive), watchdog]).passed).toBe(true);
    const firing: PromAlert = { name: APP_ALERTS[0]!, state: 'firing', labels: { instance: 'orders-b' } };
    expect(checkAppAlerts([...APP_ALERTS.slice(1).map(inactive), firing])).toMatchObject({ passed: false, evidence: `firing: ${APP_ALERTS[0]}` });
    expect(checkAppAlerts([watchdog])).toMatchObject({ passed: false });
    expect(checkAppAlerts([watchdog]).evidence).toContain(`0/${APP_ALERTS.length} app alert rules loaded (missing: ${APP_ALERTS[0]}`);
  });
});
