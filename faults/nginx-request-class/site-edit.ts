import { FaultlineError } from '../../src/errors/index.js';
import type { NginxRequestClassParams } from './params.js';

const API_LOCATION = '    location /api/ {\n';

/** body-size: the line added inside `location /api/`. */
export function bodyLimitLine(limit: number): string {
  return `        client_max_body_size ${limit};   # SEC-88: orders are tiny, cap request bodies\n`;
}

/** uri-rewrite: a caching location whose `proxy_pass` has a URI part, so nginx replaces the matched prefix. */
export function cacheLocation(proxyPass = 'http://orders/'): string {
  return [
    '    # PERF-31: let browsers cache single orders for a minute.',
    '    location /api/orders/ {',
    `        proxy_pass ${proxyPass};`,
    '        proxy_http_version 1.1;',
    '        proxy_set_header Connection "";',
    '        proxy_set_header Host $host;',
    '        add_header Cache-Control "private, max-age=60" always;',
    '    }',
    '',
    '',
  ].join('\n');
}

/** The site with the variant's change. Throws FAULT_FAILED when `location /api/` is missing. */
export function breakSite(site: string, params: NginxRequestClassParams): string {
  const at = site.indexOf(API_LOCATION);
  if (at < 0) throw new FaultlineError('FAULT_FAILED', 'nginx-request-class: the orders site has no "location /api/ {" block.');
  if (params.variant === 'body-size') {
    const inside = at + API_LOCATION.length;
    return site.slice(0, inside) + bodyLimitLine(params.bodyLimit) + site.slice(inside);
  }
  return site.slice(0, at) + cacheLocation() + site.slice(at);
}

/** The reference fix on the live file: drop the unit-less limit line, or the caching location's URI part. */
export function repairSite(site: string, params: NginxRequestClassParams): string {
  return params.variant === 'body-size'
    ? site.replace(bodyLimitLine(params.bodyLimit), '')
    : site.replace('        proxy_pass http://orders/;\n', '        proxy_pass http://orders;\n');
}

/** Masking "fixes": a limit just above the reported order, or the cache location pinned to one instance's address. */
export function maskSite(site: string, params: NginxRequestClassParams, instanceAddress: string): string {
  return params.variant === 'body-size'
    ? site.replace(bodyLimitLine(params.bodyLimit), '        client_max_body_size 1k;\n')
    : site.replace('        proxy_pass http://orders/;\n', `        proxy_pass http://${instanceAddress};\n`);
}
