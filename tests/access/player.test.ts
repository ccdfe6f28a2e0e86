import { describe, expect, it } from 'vitest';
import type { Asciicast } from '../../src/access/asciicast.js';
import { playAsciicast } from '../../src/access/player.js';

const header = { version: 2, width: 80, height: 24 } as const;
const cast: Asciicast = {
  header,
  events: [
    [0, 'o', 'a'],
    [0.2, 'i', 'typed'],
    [0.4, 'o', 'b'],
    [10.4, 'o', 'c'],
  ],
};

function collect(): { chunks: string[]; write(chunk: string): void } {
  const chunks: string[] = [];
  return { chunks, write: (chunk: string) => void chunks.push(chunk) };
}

describe('playAsciicast', () => {
  it('writes output in order and skips keystrokes by default', async () => {
    const sink = collect();
    await playAsciicast(cast, sink, { speed: 100 });
    expect(sink.chunks).toEqual(['a', 'b', 'c']);
  });

  it('shows keystrokes when asked', async () => {
    const sink = collect();
    await playAsciicast(cast, sink, { speed: 100, showInput: true });
    expect(sink.chunks).toEqual(['a', 'typed', 'b', 'c']);
  });

  it('honours real timing, divided by the speed factor and with long pauses capped', async () => {
    const sink = collect();
    const started = Date.now();
    const planned = await playAsciicast(cast, sink, { speed: 2, maxIdleSeconds: 0.4 });
    const elapsed = (Date.now() - started) / 1000;
    // 0.4 s of activity + the 10 s pause capped to 0.4 s, all at 2x → 0.4 s.
    expect(planned).toBeCloseTo(0.4, 5);
    expect(elapsed).toBeGreaterThanOrEqual(0.38);
    expect(elapsed).toBeLessThan(1.5);
  });

  it('stops early when aborted', async () => {
    const sink = collect();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    await playAsciicast(cast, sink, { signal: controller.signal });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(sink.chunks).toEqual(['a']);
  });

  it('rejects a speed that is not a positive number', async () => {
    await expect(playAsciicast(cast, collect(), { speed: 0 })).rejects.toThrow(/positive number/);
  });
});
