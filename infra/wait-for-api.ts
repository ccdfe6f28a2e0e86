import { request } from 'node:https';

/** How to reach and authenticate to the k3s API: the address, the cluster CA it must chain to, a bearer token. */
export interface ApiEndpoint {
  readonly host: string;
  readonly port?: number;
  /** PEM of the CA the API's serving certificate must chain to (the pre-generated cluster CA). */
  readonly caPem: string;
  /** Bearer token of an identity allowed to read /readyz. */
  readonly token: string;
}

/** One probe: ready only on an authenticated 200 from /readyz over verified TLS. */
export type ProbeResult = { readonly ready: true } | { readonly ready: false; readonly reason: string };

/**
 * GET /readyz with the token, verifying the serving certificate against the
 * cluster CA (and the address against its SANs). k3s answers before its
 * apiserver is ready (503, or 401 while authentication is still loading), so
 * anything but 200 is "not yet"; a certificate from another CA is never ready.
 */
export function probeApi(endpoint: ApiEndpoint, timeoutMs = 5000): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: endpoint.host,
        port: endpoint.port ?? 6443,
        path: '/readyz',
        method: 'GET',
        ca: endpoint.caPem,
        rejectUnauthorized: true,
        headers: { Authorization: `Bearer ${endpoint.token}` },
        timeout: timeoutMs,
        agent: false,
      },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200 ? { ready: true } : { ready: false, reason: `/readyz answered ${res.statusCode}` });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (error) => resolve({ ready: false, reason: error.message }));
    req.end();
  });
}

export interface WaitOptions {
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
  /** Timeout of one probe (default 5 s). */
  readonly probeTimeoutMs?: number;
  /** Called after every probe that was not ready (for progress output). */
  readonly onWait?: (reason: string) => void;
}

/** Poll until /readyz answers an authenticated 200 or `timeoutMs` passes; returns the last probe. */
export async function waitForApi(endpoint: ApiEndpoint, options: WaitOptions = {}): Promise<ProbeResult> {
  const deadline = Date.now() + (options.timeoutMs ?? 15 * 60_000);
  const interval = options.intervalMs ?? 10_000;
  for (;;) {
    const result = await probeApi(endpoint, options.probeTimeoutMs ?? 5000);
    if (result.ready) return result;
    options.onWait?.(result.reason);
    if (Date.now() + interval > deadline) return result;
    await new Promise((r) => setTimeout(r, interval));
  }
}
