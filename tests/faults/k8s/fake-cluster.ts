import type { ExecResult } from '../../../src/core/executor.js';
import type { FaultContext } from '../../../src/core/fault.js';
import type { KubeClient, KubeObject } from '../../../src/core/kube.js';
import { createRng } from '../../../src/core/rng.js';
import { applyJsonPatch } from './json-patch.js';

/** What a fake cluster saw: kubectl invocations and pod execs. */
export interface FakeCluster {
  readonly kube: KubeClient;
  readonly runs: string[][];
  readonly execs: { pod: string; script: string }[];
  object(kind: string, name: string): KubeObject | undefined;
}

/**
 * An in-memory namespace holding recorded objects: get/list/patch (JSON
 * patch) act on them, `exec` answers through `onExec`. For driving a
 * kubernetes implementation's operations without a cluster.
 */
export function fakeCluster(objects: readonly { kind: string; object: KubeObject }[], onExec: (pod: string, script: string) => string = () => ''): FakeCluster {
  const store = new Map(objects.map(({ kind, object }) => [`${kind}/${object.metadata.name}`, object]));
  const runs: string[][] = [];
  const execs: { pod: string; script: string }[] = [];
  const ok = (stdout: string): ExecResult => ({ exitCode: 0, stdout, stderr: '' });
  const kube: KubeClient = {
    namespace: 'fl-test',
    async get(kind, name) {
      return store.get(`${kind}/${name}`);
    },
    async list(kind) {
      return [...store.entries()].filter(([key]) => key.startsWith(`${kind}/`)).map(([, o]) => o);
    },
    async patch(kind, name, patch) {
      const current = store.get(`${kind}/${name}`);
      if (current === undefined) throw new Error(`${kind}/${name} not found`);
      store.set(`${kind}/${name}`, applyJsonPatch(current, patch as { op: string; path: string; value?: unknown }[]));
    },
    async apply(object) {
      store.set(`${object.kind.toLowerCase()}/${object.metadata.name}`, object);
    },
    async exec(pod, _container, argv) {
      const script = argv.at(-1) ?? '';
      execs.push({ pod, script });
      return ok(onExec(pod, script));
    },
    async run(args) {
      runs.push([...args]);
      return ok('');
    },
  };
  return { kube, runs, execs, object: (kind, name) => store.get(`${kind}/${name}`) };
}

/** A FaultContext on a fake cluster; probes and exec are not available there. */
export function kubeContext(kube: KubeClient): FaultContext {
  const unavailable = new Proxy({}, { get: (_t, p) => () => Promise.reject(new Error(`not on a fake cluster: ${String(p)}`)) });
  const records = new Map<string, unknown>();
  return {
    env: { id: 'test01', name: 'fake-env', scenario: 'test', candidate: 'ada', seed: 1, target: 'kubernetes', machines: [] },
    exec: unavailable as FaultContext['exec'],
    probes: unavailable as FaultContext['probes'],
    rng: createRng(1),
    records: {
      read: async (key) => records.get(key),
      write: async (key, value) => void records.set(key, value),
      remove: async (key) => void records.delete(key),
    },
    address: () => {
      throw new Error('no machines on a fake cluster');
    },
    log: () => undefined,
    waitFor: async (_what, check) => (await check()) || undefined,
    kube,
  };
}
