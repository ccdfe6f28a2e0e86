import type { ExecOptions, ExecResult, Executor } from '../core/executor.js';
import type { HttpRequest, HttpResponse, PromAlert, PromSample, Probes, ScrapeTarget } from '../core/probe.js';
import { PATHS, PORTS } from '../stack/topology.js';

/**
 * Probes built only on an Executor: HTTP is curl from a machine's network
 * namespace, and the Prometheus/Alertmanager APIs are read with curl from
 * mon's. Target-neutral. When the executor offers trusted tools
 * (Executor.trusted: the local target), curl is the host's and TLS is
 * verified against the host's copy of the environment CA, so a candidate who
 * replaces curl or /etc/faultline/ca.crt in a machine changes no verdict;
 * otherwise (kubernetes) curl runs inside the machine.
 */
export function createProbes(exec: Executor): Probes {
  const monGet = async (path: string, port: number = PORTS.prometheus): Promise<unknown> => {
    const result = await curlExec(exec, 'mon', ['curl', '-sS', '-m', '5', `http://127.0.0.1:${port}${path}`], { timeoutMs: 10_000 });
    if (result.exitCode !== 0) throw new Error(`GET mon:${port}${path} failed: ${result.stderr.trim()}`);
    return JSON.parse(result.stdout);
  };
  return {
    async http(from, url, request = {}) {
      return curlHttp(exec, from, url, request);
    },
    async query(expr) {
      const body = (await monGet(`/api/v1/query?query=${encodeURIComponent(expr)}`)) as {
        data: { result: { metric: Record<string, string>; value: [number, string] }[] };
      };
      return body.data.result.map((r): PromSample => ({ metric: r.metric, value: Number(r.value[1]) }));
    },
    async alerts() {
      const body = (await monGet('/api/v1/rules?type=alert')) as {
        data: { groups: { rules: { name: string; state: string; alerts?: { labels: Record<string, string>; state: string }[] }[] }[] };
      };
      const alerts: PromAlert[] = [];
      for (const rule of body.data.groups.flatMap((g) => g.rules)) {
        if (!rule.alerts?.length) alerts.push({ name: rule.name, state: 'inactive', labels: {} });
        for (const alert of rule.alerts ?? []) {
          alerts.push({ name: rule.name, state: alert.state as PromAlert['state'], labels: alert.labels });
        }
      }
      return alerts;
    },
    async alertmanagerAlerts() {
      const body = (await monGet('/api/v2/alerts', PORTS.alertmanager)) as { labels: Record<string, string>; status: { state: string } }[];
      return body.map((a) => ({
        name: a.labels.alertname ?? '',
        state: a.status.state === 'active' ? 'firing' : 'inactive',
        labels: a.labels,
      }));
    },
    async targets() {
      const body = (await monGet('/api/v1/targets?state=active')) as {
        data: { activeTargets: { labels: Record<string, string>; health: string; lastError: string }[] };
      };
      return body.data.activeTargets.map(
        (t): ScrapeTarget => ({
          job: t.labels.job ?? '',
          instance: t.labels.instance ?? '',
          health: t.health as ScrapeTarget['health'],
          lastError: t.lastError,
        }),
      );
    },
    async reloadPrometheus() {
      const result = await curlExec(exec, 'mon', ['curl', '-sS', '-m', '10', '-X', 'POST', `http://127.0.0.1:${PORTS.prometheus}/-/reload`]);
      if (result.exitCode !== 0) throw new Error(`Prometheus reload failed: ${result.stderr.trim() || result.stdout.trim()}`);
    },
  };
}

/** Run curl (argv[0]) with `from`'s network view: the host's curl when the executor has trusted tools, else the machine's. */
function curlExec(exec: Executor, from: string, argv: readonly string[], options?: ExecOptions): Promise<ExecResult> {
  // -q (first): never read the host user's .curlrc.
  return exec.trusted ? exec.trusted.exec(from, [argv[0] ?? 'curl', '-q', ...argv.slice(1)], options) : exec.exec(from, argv, options);
}

/**
 * One HTTP request with curl from `from`; TLS verified against the
 * environment CA (the host's copy when the executor has trusted tools, which
 * also resolve machine names in the URL without the machine's /etc/hosts).
 * Status 0 = no response.
 */
export async function curlHttp(exec: Executor, from: string, url: string, request: HttpRequest = {}): Promise<HttpResponse> {
  const timeoutS = Math.max(1, Math.round((request.timeoutMs ?? 5000) / 1000));
  const args = ['curl', '-sS', '-i', '-m', String(timeoutS), '--cacert', exec.trusted?.caCertPath ?? PATHS.caCert, '-X', request.method ?? 'GET'];
  if (exec.trusted) args.push(...resolveArgs(url, exec.trusted.addresses));
  for (const [name, value] of Object.entries(request.headers ?? {})) args.push('-H', `${name}: ${value}`);
  if (request.body !== undefined) args.push('-H', 'content-type: application/json', '--data-binary', '@-');
  args.push(url);
  const result = await curlExec(exec, from, args, { input: request.body ?? '', timeoutMs: (timeoutS + 5) * 1000 });
  if (result.exitCode !== 0) return { status: 0, body: result.stderr.trim(), headers: {} };
  return parseCurlResponse(result.stdout);
}

/** `--resolve host:port:address` for a URL whose host is a machine name, so curl does not need the machine's /etc/hosts. */
export function resolveArgs(url: string, addresses: Readonly<Record<string, string>>): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  const address = addresses[parsed.hostname];
  if (address === undefined) return [];
  const port = parsed.port || (parsed.protocol === 'https:' ? '443' : '80');
  return ['--resolve', `${parsed.hostname}:${port}:${address}`];
}

/** Split `curl -i` output into status, headers and body (skipping 1xx interim responses). */
export function parseCurlResponse(raw: string): HttpResponse {
  let rest = raw;
  for (;;) {
    const end = rest.indexOf('\r\n\r\n');
    const head = end >= 0 ? rest.slice(0, end) : rest;
    const body = end >= 0 ? rest.slice(end + 4) : '';
    const [statusLine = '', ...headerLines] = head.split('\r\n');
    const status = Number(/^HTTP\/[\d.]+ (\d{3})/.exec(statusLine)?.[1] ?? 0);
    if (status >= 100 && status < 200 && end >= 0) {
      rest = body;
      continue;
    }
    const headers: Record<string, string> = {};
    for (const line of headerLines) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    return { status, body, headers };
  }
}
