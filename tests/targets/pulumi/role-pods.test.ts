import { describe, expect, it } from 'vitest';
import { FaultlineError } from '../../../src/errors/index.js';
import { isPodReady, pickPod, rolePod } from '../../../src/targets/pulumi/role-pods.js';
import { APP_SELECTOR, K8S_NAMES, STORE_SELECTOR } from '../../../infra/manifests/names.js';
import { renderToolboxPod } from '../../../src/targets/pulumi/toolbox.js';
import { recordedPod } from './fixtures/pods.js';

const selectorOf = (labels: Record<string, string>) => Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',');

describe('role to pod mapping', () => {
  it('selects the pods the kubernetes program and the toolbox actually label', () => {
    expect(rolePod('app')).toEqual({ selector: selectorOf(APP_SELECTOR), container: K8S_NAMES.appContainer });
    expect(rolePod('store')).toEqual({ selector: selectorOf(STORE_SELECTOR), container: K8S_NAMES.storeContainer });
    const toolbox = renderToolboxPod('fl-env-c0ffee');
    const labels = toolbox.metadata.labels ?? {};
    const [key = '', value] = rolePod('mon').selector.split('=');
    expect(labels[key]).toBe(value);
    expect((toolbox['spec'] as { containers: { name: string }[] }).containers.map((c) => c.name)).toContain(rolePod('mon').container);
  });

  it('refuses edge with an explanation, and names that are not roles', () => {
    expect(() => rolePod('edge')).toThrow(/edge is the cluster ingress controller/);
    expect(() => rolePod('db')).toThrow(FaultlineError);
    expect(() => rolePod('db')).toThrow(/"db" is not a machine role/);
  });

  it('picks the first ready pod by name, else a running one, never a pending one', () => {
    const notReady = recordedPod('orders-a', 'orders', 'Running', false);
    const ready = recordedPod('orders-b', 'orders', 'Running', true);
    const pending = recordedPod('orders-0', 'orders', 'Pending', false);
    expect(pickPod([pending, notReady, ready])?.metadata.name).toBe('orders-b');
    expect(pickPod([pending, notReady])?.metadata.name).toBe('orders-a');
    expect(pickPod([pending])).toBeUndefined();
    expect(isPodReady(ready)).toBe(true);
    expect(isPodReady(notReady)).toBe(false);
  });
});
