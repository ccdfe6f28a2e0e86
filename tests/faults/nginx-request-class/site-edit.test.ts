import { describe, expect, it } from 'vitest';
import { judge } from '../../../faults/nginx-request-class/host/edge-requests.js';
import { bodyLimitLine, breakSite, maskSite, RATE_LINE, rateZone, repairSite } from '../../../faults/nginx-request-class/host/site-edit.js';
import { renderNginxSite } from '../../../src/stack/render/nginx.js';
import { STUB_STACK_INPUT } from '../../stack/stack-fixture.js';

const site = renderNginxSite({ ...STUB_STACK_INPUT, addresses: { edge: '10.213.7.10', app: '10.213.7.11', store: '10.213.7.12', mon: '10.213.7.13' } });

describe('nginx-request-class site edits', () => {
  it('body-size puts a unit-less limit inside location /api/; repair removes exactly it', () => {
    const broken = breakSite(site, { variant: 'body-size', bodyLimit: 64, perMinute: 6 });
    expect(broken).toContain(`    location /api/ {\n${bodyLimitLine(64)}`);
    expect(repairSite(broken, { variant: 'body-size', bodyLimit: 64, perMinute: 6 })).toBe(site);
    expect(maskSite(broken, { variant: 'body-size', bodyLimit: 64, perMinute: 6 })).toContain('client_max_body_size 1k;');
  });

  it('write-rate-limit adds the zone at http level and the limit in /api/; repair removes both', () => {
    const params = { variant: 'write-rate-limit', bodyLimit: 64, perMinute: 6 } as const;
    const broken = breakSite(site, params);
    expect(broken.indexOf(rateZone(6))).toBeLessThan(broken.indexOf('upstream orders {'));
    expect(broken).toContain(`    location /api/ {\n${RATE_LINE}`);
    expect(repairSite(broken, params)).toBe(site);
    expect(maskSite(broken, params)).toContain('rate=1r/s;');
  });

  it('judges who answered: orders JSON or nginx itself', () => {
    expect(judge('POST', 201, '{"service":"orders","instance":"app-1","order":{"id":"ord-1"}}', {})).toMatchObject({ instance: 'app-1', id: 'ord-1' });
    expect(judge('POST', 413, '<html><head><title>413 Request Entity Too Large</title></head></html>', {})).toMatchObject({ instance: undefined, detail: '413 Request Entity Too Large' });
  });
});
