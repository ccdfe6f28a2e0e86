import { request } from 'node:https';

/** True once anything answers HTTPS on `host:port` (a 401 counts: the API server is up). */
export function probeApi(host: string, port = 6443, timeoutMs = 5000): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host, port, path: '/readyz', method: 'GET', rejectUnauthorized: false, timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** Poll until the k3s API answers or `timeoutMs` passes; returns whether it answered. */
export async function waitForApi(host: string, timeoutMs = 15 * 60_000, intervalMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probeApi(host)) return true;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  return false;
}
