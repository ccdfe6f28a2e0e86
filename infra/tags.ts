import type { EnvIdentity } from './config.js';

/** AWS tags put on every taggable resource; `reap` reads `faultline:expires-at`. */
export function renderTags(env: EnvIdentity, name?: string): Record<string, string> {
  return {
    ...(name === undefined ? {} : { Name: name }),
    'faultline:env': env.id,
    'faultline:scenario': env.scenario,
    'faultline:candidate': env.candidate,
    'faultline:expires-at': env.expiresAt,
  };
}

/** Kubernetes labels (label values cannot hold ':' so the expiry goes in an annotation). */
export function renderLabels(env: EnvIdentity): Record<string, string> {
  return {
    'app.kubernetes.io/managed-by': 'faultline',
    'faultline.dev/env': env.id,
    'faultline.dev/scenario': env.scenario,
    'faultline.dev/candidate': env.candidate,
  };
}

/** Annotations carrying what labels cannot. */
export function renderAnnotations(env: EnvIdentity): Record<string, string> {
  return { 'faultline.dev/expires-at': env.expiresAt };
}
