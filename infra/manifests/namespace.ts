import type { EnvIdentity } from '../config.js';
import { renderAnnotations, renderLabels } from '../tags.js';
import { namespaceFor } from './names.js';
import type { KubeManifest } from './types.js';

/** The environment's namespace, labelled for `reap` and the dashboards. */
export function renderNamespace(env: EnvIdentity): KubeManifest {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: namespaceFor(env), labels: renderLabels(env), annotations: renderAnnotations(env) },
  };
}
