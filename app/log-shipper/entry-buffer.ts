import type { LogEntry } from './journal-entry.js';

/** Entries handed out for one push, and the position to acknowledge once pushed. */
export interface Batch {
  readonly entries: readonly LogEntry[];
  readonly end: number;
}

/** A bounded FIFO of entries waiting to be pushed; the oldest are dropped when full. */
export interface EntryBuffer {
  add(entry: LogEntry): void;
  /** Up to `max` of the oldest entries, without removing them. */
  peek(max: number): Batch;
  /** Remove everything up to `end` of a pushed batch (entries dropped meanwhile are accounted for). */
  acknowledge(end: number): void;
  readonly size: number;
  /** Entries dropped because the buffer was full, since creation. */
  readonly dropped: number;
}

/** Create a buffer holding at most `capacity` entries. */
export function createEntryBuffer(capacity: number): EntryBuffer {
  let entries: LogEntry[] = [];
  /** Sequence number of entries[0]. */
  let head = 0;
  let dropped = 0;
  return {
    add: (entry) => {
      entries.push(entry);
      const excess = entries.length - capacity;
      if (excess > 0) {
        entries = entries.slice(excess);
        head += excess;
        dropped += excess;
      }
    },
    peek: (max) => {
      const batch = entries.slice(0, max);
      return { entries: batch, end: head + batch.length };
    },
    acknowledge: (end) => {
      const count = end - head;
      if (count <= 0) return;
      entries = entries.slice(count);
      head = end;
    },
    get size() {
      return entries.length;
    },
    get dropped() {
      return dropped;
    },
  };
}
