import type { ExecOptions, ExecResult } from './executor.js';

/** A Kubernetes object as kubectl returns it (`-o json`). */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  readonly [field: string]: unknown;
}

export type KubePatchType = 'merge' | 'json' | 'strategic';

/**
 * kubectl for one environment's namespace (kubeconfig, context and -n are
 * bound in). Kubernetes fault variants use this and never import a target.
 */
export interface KubeClient {
  readonly namespace: string;
  /** `kubectl get <kind> <name> -o json`; undefined when it does not exist. */
  get(kind: string, name: string): Promise<KubeObject | undefined>;
  /** `kubectl get <kind> [-l selector] -o json` items. */
  list(kind: string, selector?: string): Promise<KubeObject[]>;
  /** `kubectl patch <kind> <name> --type <type> -p <json>`. */
  patch(kind: string, name: string, patch: unknown, type?: KubePatchType): Promise<void>;
  /** `kubectl apply -f -` with the object as JSON. */
  apply(object: KubeObject): Promise<void>;
  /** `kubectl exec <pod> -c <container> -- argv`; never throws for a non-zero exit. */
  exec(pod: string, container: string, argv: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  /** Any other kubectl invocation (namespace flags added); never throws for a non-zero exit. */
  run(args: readonly string[], options?: ExecOptions): Promise<ExecResult>;
}
