import { describe, expect, it } from 'vitest';
import { buildPushBody } from '../../../app/log-shipper/push-body.js';

const at = (tsNs: string, unit: string, line: string) => ({ tsNs, unit, line, cursor: undefined });

describe('buildPushBody', () => {
  it('makes one stream per unit labelled job, host and unit, ordered by time', () => {
    const body = buildPushBody(
      [at('2000', 'nginx.service', 'b'), at('999', 'nginx.service', 'a'), at('1500', 'orders@1.service', 'c')],
      'edge',
    );
    expect(body).toEqual({
      streams: [
        { stream: { job: 'journal', host: 'edge', unit: 'nginx.service' }, values: [['999', 'a'], ['2000', 'b']] },
        { stream: { job: 'journal', host: 'edge', unit: 'orders@1.service' }, values: [['1500', 'c']] },
      ],
    });
  });

  it('is an empty stream list for no entries', () => {
    expect(buildPushBody([], 'edge')).toEqual({ streams: [] });
  });
});
