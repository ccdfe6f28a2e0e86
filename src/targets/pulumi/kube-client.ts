import { execa } from 'execa';
import type { ExecOptions, ExecResult } from '../../core/executor.js';
import type { KubeClient, KubeObject, KubePatchType } from '../../core/kube.js';
import { FaultlineError } from '../../errors/index.js';

export interface KubeClientOptions {
  readonly namespace: string;
  readonly kubeconfig?: string | undefined;
  readonly context?: string | undefined;
  /** kubectl binary (default: kubectl on PATH). */
  readonly kubectl?: string;
}

/** The global flags every call gets: --kubeconfig, --context, -n. */
export function kubectlBaseArgs(options: KubeClientOptions): string[] {
  return [
    ...(options.kubeconfig === undefined ? [] : ['--kubeconfig', options.kubeconfig]),
    ...(options.context === undefined ? [] : ['--context', options.context]),
    '-n',
    options.namespace,
  ];
}

/** A KubeClient that shells out to kubectl with JSON output. */
export function createKubeClient(options: KubeClientOptions): KubeClient {
  const bin = options.kubectl ?? 'kubectl';
  const base = kubectlBaseArgs(options);
  const run = async (args: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> => {
    const result = await execa(bin, [...base, ...args], {
      reject: false,
      // File contents read with `cat` must come back byte for byte.
      stripFinalNewline: false,
      timeout: opts.timeoutMs ?? 30_000,
      ...(opts.input === undefined ? {} : { input: opts.input }),
    });
    return { stdout: String(result.stdout), stderr: String(result.stderr), exitCode: result.exitCode ?? 1 };
  };
  const must = async (args: readonly string[], input?: string): Promise<string> => {
    const result = await run(args, input === undefined ? {} : { input });
    if (result.exitCode !== 0) {
      throw new FaultlineError('COMMAND_FAILED', `kubectl ${args.slice(0, 3).join(' ')} failed: ${result.stderr.trim()}`, {
        hint: 'Check that the cluster is reachable with the same --kubeconfig/--context.',
      });
    }
    return result.stdout;
  };
  return {
    namespace: options.namespace,
    run,
    async get(kind, name) {
      const result = await run(['get', kind, name, '-o', 'json']);
      if (result.exitCode !== 0 && /NotFound|not found/.test(result.stderr)) return undefined;
      if (result.exitCode !== 0) throw new FaultlineError('COMMAND_FAILED', `kubectl get ${kind} ${name} failed: ${result.stderr.trim()}`);
      return JSON.parse(result.stdout) as KubeObject;
    },
    async list(kind, selector) {
      const out = await must(['get', kind, ...(selector === undefined ? [] : ['-l', selector]), '-o', 'json']);
      return (JSON.parse(out) as { items: KubeObject[] }).items;
    },
    async patch(kind, name, patch, type: KubePatchType = 'strategic') {
      await must(['patch', kind, name, '--type', type, '-p', JSON.stringify(patch)]);
    },
    async apply(object: KubeObject) {
      await must(['apply', '-f', '-'], JSON.stringify(object));
    },
    exec(pod, container, argv, opts) {
      return run(['exec', ...(opts?.input === undefined ? [] : ['-i']), pod, '-c', container, '--', ...argv], opts);
    },
  };
}
