import { describe, expect, it } from 'vitest';
import {
  brokenPortSwaps,
  findUpstreamBlock,
  invertPortSwaps,
  listUpstreamServers,
  swapUpstreamPorts,
} from '../../../faults/misrouted-service/host/upstream-block.js';

const SITE = `# app = 10.9.0.11 (orders@1, orders@2)
upstream orders {
    server 10.9.0.11:8081 max_fails=1 fail_timeout=5s;
    server 10.9.0.11:8082 max_fails=1 fail_timeout=5s;
    keepalive 16;
}

upstream other {
    server 10.9.0.12:8082;
}

server {
    listen 443 ssl;
    location /api/ { proxy_pass http://orders; }
}
`;

describe('upstream block editing', () => {
  it('lists the server lines of the orders upstream only, with host and port', () => {
    expect(listUpstreamServers(SITE)).toEqual([
      { host: '10.9.0.11', port: 8081, text: 'server 10.9.0.11:8081 max_fails=1 fail_timeout=5s' },
      { host: '10.9.0.11', port: 8082, text: 'server 10.9.0.11:8082 max_fails=1 fail_timeout=5s' },
    ]);
    expect(listUpstreamServers(SITE, 'missing')).toBeUndefined();
  });

  it('ignores server lines that are commented out', () => {
    const text = SITE.replace('    keepalive 16;', '    # server 10.9.0.11:9999;\n    keepalive 16;');
    expect(listUpstreamServers(text)?.map((s) => s.port)).toEqual([8081, 8082]);
  });

  it('reads single-line upstream blocks and host names', () => {
    expect(listUpstreamServers('upstream orders { server app:8081; server app:8082; }')?.map((s) => `${s.host}:${s.port}`)).toEqual([
      'app:8081',
      'app:8082',
    ]);
  });

  it('finds the block body between the braces', () => {
    const block = findUpstreamBlock(SITE, 'orders');
    expect(block).toBeDefined();
    expect(SITE.slice(block?.start, block?.end)).toContain('keepalive 16;');
    expect(SITE.slice(block?.start, block?.end)).not.toContain('10.9.0.12');
  });

  it('breaks one instance by pointing it at the wrong port, leaving the other upstream alone', () => {
    const broken = swapUpstreamPorts(SITE, brokenPortSwaps({ instance: 2, wrongPort: 9100 }));
    expect(listUpstreamServers(broken)?.map((s) => s.port)).toEqual([8081, 9100]);
    expect(broken).toContain('upstream other {\n    server 10.9.0.12:8082;');
    expect(broken.split('\n').filter((line, i) => line !== SITE.split('\n')[i])).toEqual([
      '    server 10.9.0.11:9100 max_fails=1 fail_timeout=5s;',
    ]);
  });

  it('breaks both instances by transposing the last two digits of each port', () => {
    const broken = swapUpstreamPorts(SITE, brokenPortSwaps({ instance: 'both', wrongPort: 9100 }));
    expect(listUpstreamServers(broken)?.map((s) => s.port)).toEqual([8018, 8028]);
  });

  it.each([1, 2, 'both'] as const)('restoring instance %s gives back the exact original text, and is idempotent', (instance) => {
    const swaps = brokenPortSwaps({ instance, wrongPort: 22 });
    const broken = swapUpstreamPorts(SITE, swaps);
    expect(broken).not.toBe(SITE);
    expect(swapUpstreamPorts(broken, swaps)).toBe(broken);
    const restored = swapUpstreamPorts(broken, invertPortSwaps(swaps));
    expect(restored).toBe(SITE);
    expect(swapUpstreamPorts(restored, invertPortSwaps(swaps))).toBe(SITE);
  });
});
