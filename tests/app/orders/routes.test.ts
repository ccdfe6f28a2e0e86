import { describe, expect, it } from 'vitest';
import { matchRoute } from '../../../app/orders/routes.js';

const route = (method: string, path: string) =>
  matchRoute({ method, url: new URL(path, 'http://x'), readBody: async () => '' }).route;

describe('matchRoute', () => {
  it.each([
    ['GET', '/healthz', '/healthz'],
    ['GET', '/metrics', '/metrics'],
    ['GET', '/api/orders', '/api/orders'],
    ['POST', '/api/orders/', '/api/orders'],
    ['GET', '/api/orders/ord-abc-123', '/api/orders/:id'],
    ['GET', '/api/orders/a/b', 'unmatched'],
    ['GET', '/orders', 'unmatched'],
  ])('labels %s %s as route %s', (method, path, expected) => {
    expect(route(method, path)).toBe(expected);
  });
});
