import { shellQuote } from '../../shared/exec-checked.js';

/** One timed request: HTTP status ('000' when there was no answer) and seconds to the last byte. */
export interface TimedRequest {
  readonly status: string;
  readonly seconds: number;
}

/** Bash (run on mon) sending `count` GETs one after another to `url`, printing `status seconds` per request. */
export function timedGetsScript(url: string, count: number, timeoutSeconds = 3): string {
  return `for i in $(seq 1 ${count}); do curl -s -o /dev/null -m ${timeoutSeconds} -w '%{http_code} %{time_total}\\n' ${shellQuote(url)}; done`;
}

export function parseTimedRequests(stdout: string): TimedRequest[] {
  return stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((words) => words.length === 2 && /^\d{3}$/.test(words[0] ?? ''))
    .map(([status, seconds]) => ({ status: status as string, seconds: Number(seconds) }));
}

/** Requests that failed or took longer than `slowSeconds`. */
export function countSlow(requests: readonly TimedRequest[], slowSeconds: number): number {
  return requests.filter((r) => r.status !== '200' || r.seconds > slowSeconds).length;
}

/** Evidence text: each request's status and milliseconds. */
export function describeTimedRequests(requests: readonly TimedRequest[]): string {
  if (requests.length === 0) return 'no answers';
  return requests.map((r) => `${r.status === '000' ? 'no answer' : r.status} ${Math.round(r.seconds * 1000)} ms`).join(', ');
}
