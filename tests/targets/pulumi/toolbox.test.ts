import { Pod } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import { PORTS } from '../../../src/stack/topology.js';
import { TOOLBOX, renderForwardScript, renderToolboxPod } from '../../../src/targets/pulumi/toolbox.js';

describe('the toolbox pod that plays mon', () => {
  it('is a valid Pod for the Kubernetes API schema', () => {
    const pod = renderToolboxPod('fl-env-c0ffee', { 'faultline.dev/env': 'env-c0ffee' });
    expect(() => new Pod(JSON.parse(JSON.stringify(pod))).validate()).not.toThrow();
    expect(pod.metadata).toMatchObject({ name: TOOLBOX.name, namespace: 'fl-env-c0ffee', labels: { 'faultline.dev/env': 'env-c0ffee', 'app.kubernetes.io/name': TOOLBOX.name } });
    expect(pod['spec']).toMatchObject({ automountServiceAccountToken: false });
  });

  it("forwards the probes' loopback ports to the operator's Prometheus and Alertmanager Services, on loopback only", () => {
    const script = renderForwardScript();
    expect(script).toContain(`TCP-LISTEN:${PORTS.prometheus},bind=127.0.0.1,fork,reuseaddr TCP:prometheus-operated:${PORTS.prometheus}`);
    expect(script).toContain(`TCP-LISTEN:${PORTS.alertmanager},bind=127.0.0.1,fork,reuseaddr TCP:alertmanager-operated:${PORTS.alertmanager}`);
  });
});
