import { PATHS } from '../../../src/stack/topology.js';
import type { BrokenDropInParams } from './params.js';

/** The rollout's drop-in: each variant is a one-line mistake a reviewer could miss. */
export function renderBrokenDropIn(params: BrokenDropInParams): string {
  const header = ['# CHG-2291 (config rollout, wave 2) — applied by ops-automation.'];
  switch (params.variant) {
    case 'duplicate-execstart':
      return [...header, '# Tune the node runtime for orders.', '[Service]', `ExecStart=/usr/bin/node ${params.nodeFlag} ${PATHS.appBundle}`, ''].join('\n');
    case 'missing-environment-file':
      return [...header, '# Orders settings now come from config management.', '[Service]', `EnvironmentFile=${params.envFile}`, ''].join('\n');
    case 'unknown-user':
      return [...header, '# Run orders under the new per-service account.', '[Service]', `User=${params.user}`, ''].join('\n');
  }
}
