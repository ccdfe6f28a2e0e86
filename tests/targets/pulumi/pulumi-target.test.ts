import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createProbes } from '../../../src/engine/probes.js';
import { faultContext } from '../../../src/engine/fault-runner.js';
import { configSchema } from '../../../src/schema/config.js';
import { cloudEnvState } from './cloud-env-state.js';
import type { EnvState } from '../../../src/schema/state.js';
import { createPulumiTarget } from '../../../src/targets/pulumi/pulumi-target.js';
import { HEALTHY_PODS } from './fixtures/pods.js';

let log: string;

/** A stand-in kubectl first on PATH: logs argv, answers pod lists from the recorded pods and `logs` with two lines. */
beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fl-ptarget-'));
  log = join(dir, 'argv.log');
  const pods = join(dir, 'pods.json');
  await writeFile(pods, JSON.stringify({ items: HEALTHY_PODS }));
  await writeFile(
    join(dir, 'kubectl'),
    `#!/bin/sh
printf '%s\\n' "$*" >> '${log}'
case "$*" in
  *"get pods -l "*) sel=$(echo "$*" | sed 's/.*-l app.kubernetes.io\\/name=\\([a-z-]*\\).*/\\1/'); node -e 'const p=require("${pods}").items.filter(i=>i.metadata.labels["app.kubernetes.io/name"]===process.argv[1]); console.log(JSON.stringify({items:p}))' "$sel" ;;
  *"get pods -o json"*) cat '${pods}' ;;
  *" logs "*) printf 'listening on 8080\\nGET /healthz 200\\n' ;;
esac
`,
  );
  await chmod(join(dir, 'kubectl'), 0o755);
  process.env.PATH = `${dir}:${process.env.PATH ?? ''}`;
});
beforeEach(async () => {
  await writeFile(log, '');
});

const config = configSchema.parse({ kubernetes: { kubeconfig: '/etc/faultline/kubeconfig', context: 'shared' } });

function cloudState(target: 'aws' | 'kubernetes', extra: Record<string, unknown>): EnvState {
  return cloudEnvState(target, 'ready', extra);
}

const AWS_STATE = cloudState('aws', {
  cloud: { stack: 'env-c0ffee', kubeconfig: '/fl/envs/baseline-ada-c0ffee/kubeconfig', outputs: { publicIp: '198.51.100.7', instanceId: 'i-0abc123' } },
});

describe('the pulumi target', () => {
  it('asks the k3s node through the kubeconfig saved at up, in the environment namespace, for aws status', async () => {
    const rows = await createPulumiTarget('aws', config).status(AWS_STATE);
    expect(rows.map((r) => `${r.role} ${r.name} ${r.state}`)).toEqual([
      'node i-0abc123 running',
      'edge ingress controller external',
      'app orders-7d9f8b6c5-a9c3m running',
      'store etcd-0 running',
      'mon faultline-mon running',
    ]);
    expect(await readFile(log, 'utf8')).toBe('--kubeconfig /fl/envs/baseline-ada-c0ffee/kubeconfig -n fl-env-c0ffee get pods -o json\n');
  });

  it('uses the --kubeconfig and --context of up over the config file on an existing cluster', async () => {
    const target = createPulumiTarget('kubernetes', config);
    await target.status(cloudState('kubernetes', { flags: { kubeconfig: '/home/ada/kube.yaml', context: 'dev' }, cloud: { stack: 'env-c0ffee' } }));
    await target.status(cloudState('kubernetes', { cloud: { stack: 'env-c0ffee' } }));
    expect((await readFile(log, 'utf8')).trim().split('\n')).toEqual([
      '--kubeconfig /home/ada/kube.yaml --context dev -n fl-env-c0ffee get pods -o json',
      '--kubeconfig /etc/faultline/kubeconfig --context shared -n fl-env-c0ffee get pods -o json',
    ]);
  });

  it('tails the logs of the pod that plays the machine', async () => {
    const tail = await createPulumiTarget('aws', config).journalTail(AWS_STATE, 'app', 'orders@1.service', 12);
    expect(tail).toBe('listening on 8080\nGET /healthz 200');
    expect(await readFile(log, 'utf8')).toContain('-n fl-env-c0ffee logs orders-7d9f8b6c5-a9c3m -c orders --tail 12');
  });

  it('hands faults a kubectl bound to the environment namespace as ctx.kube', () => {
    const target = createPulumiTarget('aws', config);
    const exec = target.executor(AWS_STATE);
    const ctx = faultContext(AWS_STATE, { target, exec, probes: createProbes(exec) }, { id: 'misrouted-service', params: {} }, 0);
    expect(ctx.kube?.namespace).toBe('fl-env-c0ffee');
  });

  it('destroys nothing, and calls no tool, when the stack was never started', async () => {
    const lines: string[] = [];
    await createPulumiTarget('kubernetes', config).destroy(cloudState('kubernetes', {}), (line) => lines.push(line));
    expect(lines).toEqual(['nothing was created on kubernetes for baseline-ada-c0ffee']);
    expect(await readFile(log, 'utf8')).toBe('');
  });
});
