import type { FaultContext } from '../../../src/core/fault.js';

/** The `dataDir` check of one orders instance's /healthz (which also checks etcd: another fault may break that). */
export interface DataDirCheck {
  readonly answered: boolean;
  readonly ok: boolean;
  /** errno of a failed check (`ENOSPC`), '' otherwise. */
  readonly code: string;
  /** `app:8081 503 dataDir ENOSPC, etcd ok`, for evidence. */
  readonly summary: string;
}

/** GET /healthz of the instance on `port` from mon and read its `checks.dataDir`; never throws. */
export async function readDataDirCheck(ctx: FaultContext, port: number): Promise<DataDirCheck> {
  const response = await ctx.probes.http('mon', `http://app:${port}/healthz`, { timeoutMs: 3000 });
  return parseDataDirCheck(`app:${port}`, response.status, response.body);
}

/** Parse a /healthz answer (status 0: no answer). */
export function parseDataDirCheck(where: string, status: number, body: string): DataDirCheck {
  if (status === 0) return { answered: false, ok: false, code: '', summary: `${where} no answer (${body.replace(/\s+/g, ' ').trim().slice(0, 80)})` };
  let checks: Record<string, { ok?: unknown; code?: unknown }> = {};
  try {
    const parsed = JSON.parse(body) as { checks?: typeof checks };
    checks = parsed.checks ?? {};
  } catch {
    return { answered: false, ok: false, code: '', summary: `${where} ${status}, not the orders service (${body.replace(/\s+/g, ' ').trim().slice(0, 60)})` };
  }
  const describe = (name: string) => {
    const check = checks[name];
    if (check === undefined) return `${name} ?`;
    return check.ok === true ? `${name} ok` : `${name} ${typeof check.code === 'string' ? check.code : 'failed'}`;
  };
  const dataDir = checks.dataDir;
  if (dataDir === undefined) return { answered: false, ok: false, code: '', summary: `${where} ${status} without checks.dataDir` };
  return {
    answered: true,
    ok: dataDir.ok === true,
    code: dataDir.ok === true || typeof dataDir.code !== 'string' ? '' : dataDir.code,
    summary: `${where} ${status} ${describe('dataDir')}, ${describe('etcd')}`,
  };
}
