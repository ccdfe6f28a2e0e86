import type { FaultContext } from '../../src/core/fault.js';
import type { KubeClient } from '../../src/core/kube.js';
import { FaultlineError } from '../../src/errors/index.js';

/** The context's kubectl client; a kubernetes fault run without one is a wiring bug, said plainly. */
export function requireKube(ctx: FaultContext, faultId: string): KubeClient {
  if (ctx.kube === undefined) throw new FaultlineError('FAULT_FAILED', `${faultId} needs a kubernetes context (ctx.kube)`);
  return ctx.kube;
}
