import type { FaultContext } from '../../src/core/fault.js';

/** GET /healthz of one orders instance, directly from mon (not through the edge); never throws. */
export async function instanceHealth(ctx: FaultContext, port: number): Promise<{ status: number; summary: string }> {
  const response = await ctx.probes.http('mon', `http://app:${port}/healthz`, { timeoutMs: 3000 });
  const text = response.body.replace(/\s+/g, ' ').trim().slice(0, 100);
  return { status: response.status, summary: response.status === 0 ? `no answer (${text})` : `${response.status} ${text}` };
}
