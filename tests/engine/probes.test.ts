import { describe, expect, it } from 'vitest';
import { parseCurlResponse, resolveArgs } from '../../src/engine/probes.js';

describe('reading curl -i output', () => {
  it('splits status, lower-cased headers and body', () => {
    const response = parseCurlResponse('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Orders-Instance: app-2\r\n\r\n{"service":"orders"}');
    expect(response).toEqual({ status: 200, headers: { 'content-type': 'application/json', 'x-orders-instance': 'app-2' }, body: '{"service":"orders"}' });
  });

  it('skips interim 1xx responses', () => {
    const response = parseCurlResponse('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nA: b\r\n\r\nok');
    expect(response.status).toBe(201);
    expect(response.body).toBe('ok');
  });

  it('reads HTTP/2 status lines', () => {
    expect(parseCurlResponse('HTTP/2 502\r\nserver: nginx\r\n\r\nbad gateway').status).toBe(502);
  });
});

describe('resolveArgs (trusted curl resolves machine names itself)', () => {
  const addresses = { edge: '10.213.7.10', mon: '10.213.7.13' };
  it('pins a machine name to its address on the URL port', () => {
    expect(resolveArgs('https://edge/api/orders', addresses)).toEqual(['--resolve', 'edge:443:10.213.7.10']);
    expect(resolveArgs('http://mon:9090/-/ready', addresses)).toEqual(['--resolve', 'mon:9090:10.213.7.13']);
  });
  it('leaves other hosts and bad URLs alone', () => {
    expect(resolveArgs('http://localhost:9090/', addresses)).toEqual([]);
    expect(resolveArgs('not a url', addresses)).toEqual([]);
  });
});
