import { shellQuote } from '../../shared/exec-checked.js';
import type { NofileLimitParams } from './params.js';

/** The open-file limit a fix must reach (systemd's own default soft limit). */
export const MIN_NOFILE = 1024;

/** The "hardening" drop-in. */
export function renderLimitDropIn(params: NofileLimitParams): string {
  return ['# CIS 5.x: cap resources of network-facing services (ticket SEC-233).', '[Service]', `LimitNOFILE=${params.limit}`, ''].join('\n');
}

/**
 * Bash on mon: `count` POSTs to `url` at once (one connection each), printing
 * the HTTP codes (000 = no answer) on one line.
 */
export function burstScript(url: string, count: number): string {
  return `for i in $(seq 1 ${count}); do
  curl -s -m 4 -o /dev/null -w '%{http_code}\\n' -X POST -H 'content-type: application/json' --data '{"item":"burst","qty":1}' ${shellQuote(url)} &
done | sort | uniq -c | awk '{printf "%s×%s ", $2, $1}'
wait
echo
`;
}

/** Parse `burstScript` output (`201×28 000×2`) into counts by code. */
export function parseBurst(stdout: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [, code, n] of stdout.matchAll(/(\d{3})×(\d+)/g)) counts.set(code ?? '', (counts.get(code ?? '') ?? 0) + Number(n));
  return counts;
}

/** `Max open files` soft and hard limits from /proc/<pid>/limits text. */
export function parseNofile(limits: string): { soft: number; hard: number } | undefined {
  const match = /^Max open files\s+(\S+)\s+(\S+)/m.exec(limits);
  if (!match) return undefined;
  const value = (text: string | undefined) => (text === 'unlimited' ? Number.POSITIVE_INFINITY : Number(text));
  return { soft: value(match[1]), hard: value(match[2]) };
}
