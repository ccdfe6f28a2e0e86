import { describe, expect, it } from 'vitest';
import { warmCatalogueCache } from '../../../app/orders/catalogue-cache.js';

describe('warmCatalogueCache', () => {
  it('holds the configured MiB, resident (the process RSS grows by about as much)', () => {
    const before = process.memoryUsage().rss;
    const cache = warmCatalogueCache(16);
    expect(cache.bytes).toBe(16 * 1024 * 1024);
    expect(process.memoryUsage().rss - before).toBeGreaterThan(12 * 1024 * 1024);
  });

  it('holds nothing when the size is 0', () => {
    expect(warmCatalogueCache(0).bytes).toBe(0);
  });
});
