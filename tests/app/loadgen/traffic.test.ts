import { describe, expect, it } from 'vitest';
import { planRequest } from '../../../app/loadgen/traffic.js';

describe('planRequest', () => {
  it('sends a GET when the draw is at or above the write ratio', () => {
    expect(planRequest(0.25, () => 0.25)).toEqual({ method: 'GET' });
  });

  it('sends a POST with a JSON order when the draw is below the write ratio', () => {
    const draws = [0.1, 0.99, 0.5];
    const planned = planRequest(0.25, () => draws.shift() ?? 0);
    expect(planned.method).toBe('POST');
    expect(JSON.parse(planned.body ?? '')).toEqual({ item: 'bolt', qty: 3 });
  });

  it('never writes with a ratio of 0 and always writes with a ratio of 1', () => {
    expect(planRequest(0, () => 0).method).toBe('GET');
    expect(planRequest(1, () => 0.999).method).toBe('POST');
  });
});
