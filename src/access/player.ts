import { FaultlineError } from '../errors/index.js';
import { sleepUnlessAborted } from '../utils/sleep.js';
import type { Asciicast } from './asciicast.js';

export interface PlayOptions {
  /** Playback speed factor (2 = twice as fast). Default 1. */
  readonly speed?: number;
  /** Longest pause kept between two events, in seconds (before speed). Default: no cap. */
  readonly maxIdleSeconds?: number;
  /** Also write `i` events (keystrokes); terminals already echo most of them. Default false. */
  readonly showInput?: boolean;
  readonly signal?: AbortSignal;
}

/** Where playback writes: process.stdout or any stream with write(). */
export interface PlaybackSink {
  write(chunk: string): unknown;
}

/**
 * Replay a recording to `sink`, honouring its timing divided by `speed`, with
 * pauses capped at `maxIdleSeconds`. Resolves with the played duration in
 * seconds (after speed and cap). Stops early, without error, when `signal`
 * aborts.
 */
export async function playAsciicast(cast: Asciicast, sink: PlaybackSink, options: PlayOptions = {}): Promise<number> {
  const speed = options.speed ?? 1;
  if (!(Number.isFinite(speed) && speed > 0)) {
    throw new FaultlineError('USAGE', `Speed must be a positive number, got ${JSON.stringify(options.speed)}.`);
  }
  const maxIdle = options.maxIdleSeconds ?? Number.POSITIVE_INFINITY;
  if (!(maxIdle > 0)) {
    throw new FaultlineError('USAGE', `Max idle must be a positive number of seconds, got ${JSON.stringify(options.maxIdleSeconds)}.`);
  }
  const started = Date.now();
  let previous = 0;
  let due = 0;
  for (const [time, type, data] of cast.events) {
    due += Math.min(Math.max(time - previous, 0), maxIdle) / speed;
    previous = time;
    const wait = started + due * 1000 - Date.now();
    if (wait > 0) await sleepUnlessAborted(wait, options.signal);
    if (options.signal?.aborted) break;
    if (type === 'o' || (type === 'i' && options.showInput)) sink.write(data);
  }
  return due;
}
