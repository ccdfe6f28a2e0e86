import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createKubeClient } from '../../../src/targets/pulumi/kube-client.js';
import { createKubeExecutor } from '../../../src/targets/pulumi/kube-executor.js';
import { HEALTHY_PODS } from './fixtures/pods.js';

let dir: string;
let kubectl: string;
let log: string;

/**
 * A stand-in kubectl: answers `get pods -l` from the recorded pods, runs
 * `exec ... -- argv` locally (so cat/sh really run), and logs its argv.
 */
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fl-kexec-'));
  kubectl = join(dir, 'kubectl');
  log = join(dir, 'argv.log');
  const podsFile = join(dir, 'pods.json');
  await writeFile(podsFile, JSON.stringify({ items: HEALTHY_PODS }));
  await writeFile(
    kubectl,
    `#!/bin/sh
printf '%s\\n' "$*" >> '${log}'
case "$*" in
  *"get pods -l app.kubernetes.io/name=orders "*) node -e 'const p=require("${podsFile}").items.filter(i=>i.metadata.labels["app.kubernetes.io/name"]==="orders"); console.log(JSON.stringify({items:p}))' ;;
  *"get pods -l app.kubernetes.io/name=faultline-mon "*) node -e 'const p=require("${podsFile}").items.filter(i=>i.metadata.name==="faultline-mon"); console.log(JSON.stringify({items:p}))' ;;
  *"get pods -l "*) echo '{"items":[]}' ;;
  *" exec "*) while [ "$1" != "--" ]; do shift; done; shift; exec "$@" ;;
esac
`,
  );
  await chmod(kubectl, 0o755);
});

const executor = () => createKubeExecutor(createKubeClient({ namespace: 'fl-env-c0ffee', kubectl }));

describe('the kubectl executor', () => {
  it('runs app commands in the first ready orders pod, in the orders container', async () => {
    const result = await executor().exec('app', ['echo', 'hello']);
    expect(result).toEqual({ stdout: 'hello\n', stderr: '', exitCode: 0 });
    expect(await readFile(log, 'utf8')).toContain('-n fl-env-c0ffee exec orders-7d9f8b6c5-a9c3m -c orders -- echo hello');
  });

  it('writes and reads files byte for byte through stdin and cat', async () => {
    const file = join(dir, 'written.txt');
    await executor().writeFile('mon', file, 'line one\nline two\n', 0o600);
    expect(await readFile(file, 'utf8')).toBe('line one\nline two\n');
    expect(await executor().readFile('mon', file)).toBe('line one\nline two\n');
    expect(await readFile(log, 'utf8')).toMatch(/exec -i faultline-mon -c toolbox -- sh -c .* sh .*written\.txt 600/);
  });

  it('reports a missing file with the error text that alert sync treats as "no log yet"', async () => {
    await expect(executor().readFile('mon', join(dir, 'absent.jsonl'))).rejects.toThrow(/No such file or directory/);
  });

  it('runs scripts with sh and returns non-zero exits without throwing', async () => {
    expect(await executor().sh('mon', 'echo out; echo err >&2; exit 3')).toEqual({ stdout: 'out\n', stderr: 'err\n', exitCode: 3 });
  });

  it('says which selector found no pod, and refuses edge', async () => {
    await expect(executor().exec('store', ['true'])).rejects.toThrow('No running pod for store (selector app.kubernetes.io/name=etcd) in namespace fl-env-c0ffee');
    await expect(executor().exec('edge', ['true'])).rejects.toThrow(/ingress controller/);
  });
});
