import { describe, expect, it } from 'vitest';
import { describeSample, judgeOrdersResponse } from '../../../faults/misrouted-service/host/edge-sample.js';

describe('judging responses through the edge', () => {
  it('accepts a 2xx JSON answer from orders and names the instance', () => {
    const r = judgeOrdersResponse(200, '{"service":"orders","instance":"app-2","count":0,"orders":[]}', {});
    expect(r).toMatchObject({ ok: true, instance: 'app-2', summary: '200 app-2' });
  });

  it('falls back to the X-Orders-Instance header, whatever its case', () => {
    expect(judgeOrdersResponse(200, '{"service":"orders"}', { 'X-Orders-Instance': 'app-1' }).instance).toBe('app-1');
  });

  it('rejects a 200 from another service (node-exporter, Prometheus) as wrong content', () => {
    const r = judgeOrdersResponse(200, '<html><head><title>Node Exporter</title>', { 'content-type': 'text/html; charset=utf-8' });
    expect(r.ok).toBe(false);
    expect(r.instance).toBeUndefined();
    expect(r.summary).toBe('200 text/html "<html><head><title>Node Exporter</title>"');
  });

  it('rejects a 5xx even when orders sent it', () => {
    expect(judgeOrdersResponse(502, '{"service":"orders","instance":"app-1"}', {}).ok).toBe(false);
    expect(judgeOrdersResponse(404, '404 page not found\n', { 'content-type': 'text/plain' }).ok).toBe(false);
  });

  it('describes a sample with counts per kind of answer and the instances seen', () => {
    const responses = [
      judgeOrdersResponse(200, '{"service":"orders","instance":"app-1"}', {}),
      judgeOrdersResponse(404, '404 page not found', { 'content-type': 'text/plain' }),
      judgeOrdersResponse(404, '404 page not found', { 'content-type': 'text/plain' }),
    ];
    const text = describeSample({ responses, bad: 2, instances: ['app-1'] });
    expect(text).toContain('1 ok, 2 not from orders or failed');
    expect(text).toContain('404 text/plain "404 page not found" ×2');
    expect(text).toContain('orders instances seen: app-1');
  });
});
