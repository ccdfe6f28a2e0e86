import { describe, expect, it } from 'vitest';
import { burstScript, parseBurst, parseNofile, renderLimitDropIn } from '../../../faults/nofile-limit/host/limits.js';

describe('nofile-limit', () => {
  it('renders the drop-in with the limit', () => {
    expect(renderLimitDropIn({ instance: 1, limit: 21, dropIn: 'x.conf' })).toMatch(/^\[Service\]\nLimitNOFILE=21$/m);
  });

  it('parses burst results and /proc limits', () => {
    expect(parseBurst('201×28 000×2 \n')).toEqual(new Map([['201', 28], ['000', 2]]));
    expect(burstScript('http://app:8081/api/orders', 5)).toContain('seq 1 5');
    const limits = 'Limit                     Soft Limit           Hard Limit           Units\nMax open files            20                   20                   files\n';
    expect(parseNofile(limits)).toEqual({ soft: 20, hard: 20 });
    expect(parseNofile(limits.replace(/20 {19}20/, 'unlimited            unlimited'))?.soft).toBe(Number.POSITIVE_INFINITY);
    expect(parseNofile('nothing')).toBeUndefined();
  });
});
