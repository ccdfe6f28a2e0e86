import { FaultlineError } from '../../../src/errors/index.js';
import type { NginxRequestClassParams } from './params.js';

const API_LOCATION = '    location /api/ {\n';

/** body-size: the line added inside `location /api/`. */
export function bodyLimitLine(limit: number): string {
  return `        client_max_body_size ${limit};   # SEC-88: orders are tiny, cap request bodies\n`;
}

/**
 * write-rate-limit, http level: a zone keyed by client address for POSTs
 * only (an empty key is not limited). Every client of the edge here comes
 * from one address, as customers behind a load balancer or NAT would.
 */
export function rateZone(perMinute: number): string {
  return [
    '# FRAUD-19: at most a few orders per minute per customer.',
    'map $request_method $orders_write_key {',
    '    POST    $binary_remote_addr;',
    '    default "";',
    '}',
    `limit_req_zone $orders_write_key zone=orders_writes:1m rate=${perMinute}r/m;`,
    '',
    '',
  ].join('\n');
}

/** write-rate-limit, inside `location /api/`. */
export const RATE_LINE = '        limit_req zone=orders_writes;\n';

/** The site with the variant's change. Throws FAULT_FAILED when `location /api/` is missing. */
export function breakSite(site: string, params: NginxRequestClassParams): string {
  const at = site.indexOf(API_LOCATION);
  if (at < 0) throw new FaultlineError('FAULT_FAILED', 'nginx-request-class: the orders site has no "location /api/ {" block.');
  const inside = at + API_LOCATION.length;
  if (params.variant === 'body-size') return site.slice(0, inside) + bodyLimitLine(params.bodyLimit) + site.slice(inside);
  const withLine = site.slice(0, inside) + RATE_LINE + site.slice(inside);
  const upstream = withLine.indexOf('upstream orders {');
  const zoneAt = upstream >= 0 ? upstream : 0;
  return withLine.slice(0, zoneAt) + rateZone(params.perMinute) + withLine.slice(zoneAt);
}

/** The reference fix on the live file: drop the unit-less limit line, or the rate limit (zone and use). */
export function repairSite(site: string, params: NginxRequestClassParams): string {
  return params.variant === 'body-size' ? site.replace(bodyLimitLine(params.bodyLimit), '') : site.replace(RATE_LINE, '').replace(rateZone(params.perMinute), '');
}

/** Masking "fixes": a body limit just above the reported order, or a write rate of one per second. */
export function maskSite(site: string, params: NginxRequestClassParams): string {
  return params.variant === 'body-size'
    ? site.replace(bodyLimitLine(params.bodyLimit), '        client_max_body_size 1k;\n')
    : site.replace(`rate=${params.perMinute}r/m;`, 'rate=1r/s;');
}
