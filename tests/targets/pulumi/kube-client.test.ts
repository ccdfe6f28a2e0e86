import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createKubeClient } from '../../../src/targets/pulumi/kube-client.js';

let kubectl: string;
let log: string;

/** A stand-in kubectl: records its argv and stdin, answers like kubectl for get/patch. */
beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fl-kubectl-'));
  kubectl = join(dir, 'kubectl');
  log = join(dir, 'argv.log');
  await writeFile(
    kubectl,
    `#!/bin/sh
printf '%s\\n' "$*" >> '${log}'
case "$*" in
  *"get service missing"*) echo 'Error from server (NotFound): services "missing" not found' >&2; exit 1 ;;
  *"get pods"*) echo '{"items":[{"apiVersion":"v1","kind":"Pod","metadata":{"name":"orders-1"}}]}' ;;
  *"get service orders"*) echo '{"apiVersion":"v1","kind":"Service","metadata":{"name":"orders"}}' ;;
  *"apply -f -"*) cat >> '${log}' ;;
esac
`,
  );
  await chmod(kubectl, 0o755);
});

describe('the kubectl client', () => {
  const client = () => createKubeClient({ namespace: 'fl-e1', kubeconfig: '/k/config', context: 'dev', kubectl });

  it('passes kubeconfig, context and namespace to every call', async () => {
    await client().get('service', 'orders');
    const { readFile } = await import('node:fs/promises');
    expect(await readFile(log, 'utf8')).toContain('--kubeconfig /k/config --context dev -n fl-e1 get service orders -o json');
  });

  it('returns undefined for an object that does not exist', async () => {
    expect(await client().get('service', 'missing')).toBeUndefined();
  });

  it('lists items and sends patches as JSON', async () => {
    expect((await client().list('pods', 'app=orders')).map((p) => p.metadata.name)).toEqual(['orders-1']);
    await client().patch('service', 'orders', [{ op: 'replace', path: '/spec/selector', value: { a: 'b' } }], 'json');
    const { readFile } = await import('node:fs/promises');
    expect(await readFile(log, 'utf8')).toContain('patch service orders --type json -p [{"op":"replace","path":"/spec/selector","value":{"a":"b"}}]');
  });
});
