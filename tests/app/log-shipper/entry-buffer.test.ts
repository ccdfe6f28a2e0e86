import { describe, expect, it } from 'vitest';
import { createEntryBuffer } from '../../../app/log-shipper/entry-buffer.js';

const entry = (n: number) => ({ tsNs: String(n), unit: 'u', line: `line ${n}`, cursor: undefined });

describe('createEntryBuffer', () => {
  it('hands out the oldest entries and removes them only when acknowledged', () => {
    const buffer = createEntryBuffer(10);
    for (let i = 1; i <= 5; i += 1) buffer.add(entry(i));
    const batch = buffer.peek(3);
    expect(batch.entries.map((e) => e.tsNs)).toEqual(['1', '2', '3']);
    expect(buffer.size).toBe(5);
    buffer.acknowledge(batch.end);
    expect(buffer.peek(10).entries.map((e) => e.tsNs)).toEqual(['4', '5']);
  });

  it('drops the oldest entries beyond capacity and counts them', () => {
    const buffer = createEntryBuffer(3);
    for (let i = 1; i <= 5; i += 1) buffer.add(entry(i));
    expect(buffer.dropped).toBe(2);
    expect(buffer.peek(10).entries.map((e) => e.tsNs)).toEqual(['3', '4', '5']);
  });

  it('acknowledges only what is left of a batch when entries were dropped during its push', () => {
    const buffer = createEntryBuffer(3);
    for (let i = 1; i <= 3; i += 1) buffer.add(entry(i));
    const batch = buffer.peek(2);
    buffer.add(entry(4));
    buffer.add(entry(5));
    buffer.acknowledge(batch.end);
    expect(buffer.peek(10).entries.map((e) => e.tsNs)).toEqual(['3', '4', '5']);
    buffer.add(entry(6));
    buffer.acknowledge(batch.end);
    expect(buffer.peek(10).entries.map((e) => e.tsNs)).toEqual(['4', '5', '6']);
  });
});
