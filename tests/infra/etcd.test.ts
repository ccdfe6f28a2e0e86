import { describe, expect, it } from 'vitest';
import { ETCD_DATA_DIR, renderEtcdArgs, renderEtcdStatefulSet } from '../../infra/manifests/etcd.js';
import { renderOrdersDeployment } from '../../infra/manifests/orders.js';
import { DEFAULT_IMAGES } from '../../infra/versions.js';
import { awsConfig } from './fixtures.js';

const env = awsConfig().env;
const container = (m: any) => m.spec.template.spec.containers[0];

describe('etcd on the upstream image', () => {
  const etcd = container(renderEtcdStatefulSet(env, DEFAULT_IMAGES.etcd));

  it('runs the etcd project image with flags, not Bitnami environment variables', () => {
    expect(etcd.image).toBe('quay.io/coreos/etcd:v3.6.16');
    expect(etcd.command).toEqual(['/usr/local/bin/etcd']);
    expect(etcd.env).toBeUndefined();
    expect(JSON.stringify(etcd)).not.toMatch(/ALLOW_NONE_AUTHENTICATION|ETCD_[A-Z_]+/);
  });

  it('keeps its data on the PVC and forms a one-member cluster under the pod name', () => {
    const args = renderEtcdArgs();
    expect(args).toContain(`--data-dir=${ETCD_DATA_DIR}`);
    expect(etcd.volumeMounts).toEqual([{ name: 'data', mountPath: '/var/lib/etcd' }]);
    expect(ETCD_DATA_DIR.startsWith('/var/lib/etcd/')).toBe(true);
    expect(args).toEqual(expect.arrayContaining(['--name=etcd-0', '--initial-cluster=etcd-0=http://etcd-0.etcd:2380', '--initial-cluster-state=new']));
    expect(args).toContain('--initial-advertise-peer-urls=http://etcd-0.etcd:2380');
  });

  it('listens for clients on every address and advertises the endpoint the app uses', () => {
    const args = renderEtcdArgs();
    expect(args).toContain('--listen-client-urls=http://0.0.0.0:2379');
    const endpoints = container(renderOrdersDeployment(env, DEFAULT_IMAGES.app)).env.find((e: { name: string }) => e.name === 'ORDERS_ETCD_ENDPOINTS').value;
    expect(args).toContain(`--advertise-client-urls=${endpoints}`);
  });
});
