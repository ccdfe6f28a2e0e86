import type { ExecOptions, ExecResult, Executor } from '../../core/executor.js';
import type { KubeClient } from '../../core/kube.js';
import { FaultlineError } from '../../errors/index.js';
import { pickPod, rolePod } from './role-pods.js';

/** Resolve a role to `{ pod, container }` now (pods come and go, so every call looks again). */
export async function locateRole(kube: KubeClient, machine: string): Promise<{ pod: string; container: string }> {
  const placement = rolePod(machine);
  const pod = pickPod(await kube.list('pods', placement.selector));
  if (pod === undefined) {
    throw new FaultlineError('COMMAND_FAILED', `No running pod for ${machine} (selector ${placement.selector}) in namespace ${kube.namespace}.`, {
      hint: `Run \`kubectl -n ${kube.namespace} get pods -l ${placement.selector}\` to see why.`,
    });
  }
  return { pod: pod.metadata.name, container: placement.container };
}

/**
 * An Executor over `kubectl exec`: machine roles map to pods (see
 * ROLE_PODS). Scripts run with `sh` (the app image has no bash), as the
 * container's user (root in the images used).
 */
export function createKubeExecutor(kube: KubeClient): Executor {
  const exec = async (machine: string, argv: readonly string[], options?: ExecOptions): Promise<ExecResult> => {
    const { pod, container } = await locateRole(kube, machine);
    return kube.exec(pod, container, argv, options);
  };
  return {
    exec,
    sh: (machine, script, options) => exec(machine, ['sh', '-c', script], options),
    async readFile(machine, path) {
      const result = await exec(machine, ['cat', '--', path]);
      if (result.exitCode !== 0) {
        throw new FaultlineError('COMMAND_FAILED', `Cannot read ${path} in ${machine}: ${result.stderr.trim()}`);
      }
      return result.stdout;
    },
    async writeFile(machine, path, content, mode = 0o644) {
      const script = 'cat > "$1" && chmod "$2" "$1"';
      const result = await exec(machine, ['sh', '-c', script, 'sh', path, mode.toString(8)], { input: content });
      if (result.exitCode !== 0) {
        throw new FaultlineError('COMMAND_FAILED', `Cannot write ${path} in ${machine}: ${result.stderr.trim()}`);
      }
    },
  };
}
