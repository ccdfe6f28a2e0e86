import { describe, expect, it } from 'vitest';
import { describeMachines, podState } from '../../../src/targets/pulumi/machine-status.js';
import { HEALTHY_PODS, recordedPod } from './fixtures/pods.js';

const AWS_OUTPUTS = { target: 'aws', publicIp: '198.51.100.7', instanceId: 'i-0abc123', sshUser: 'candidate', namespace: 'fl-env-c0ffee' };

describe('status of a cloud environment', () => {
  it('lists the EC2 node from the stack outputs and one pod per role on aws', () => {
    expect(describeMachines(AWS_OUTPUTS, HEALTHY_PODS)).toEqual([
      { role: 'node', name: 'i-0abc123', address: '198.51.100.7', state: 'running' },
      { role: 'edge', name: 'ingress controller', address: '198.51.100.7', state: 'external' },
      { role: 'app', name: 'orders-7d9f8b6c5-a9c3m', address: '10.42.0.22', state: 'running' },
      { role: 'store', name: 'etcd-0', address: '10.42.0.15', state: 'running' },
      { role: 'mon', name: 'faultline-mon', address: '10.42.0.30', state: 'running' },
    ]);
  });

  it('has no node row on an existing cluster, and says which pods are missing or starting', () => {
    const rows = describeMachines({ target: 'kubernetes', namespace: 'fl-env-c0ffee' }, [recordedPod('etcd-0', 'etcd', 'Pending', false)]);
    expect(rows.map((r) => [r.role, r.state])).toEqual([
      ['edge', 'external'],
      ['app', 'missing'],
      ['store', 'starting'],
      ['mon', 'missing'],
    ]);
  });

  it('says unknown for every row when the cluster cannot be asked', () => {
    expect(describeMachines(AWS_OUTPUTS, undefined).filter((r) => r.role !== 'edge').every((r) => r.state === 'unknown')).toBe(true);
  });

  it('maps pod phases and readiness to machine states', () => {
    expect(podState(recordedPod('p', 'orders', 'Running', false))).toBe('degraded');
    expect(podState(recordedPod('p', 'orders', 'Failed', false))).toBe('stopped');
    expect(podState(recordedPod('p', 'orders', 'Unknown', false))).toBe('unknown');
  });
});
