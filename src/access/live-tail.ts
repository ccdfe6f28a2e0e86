import { open, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { sleepUnlessAborted } from '../utils/sleep.js';
import { sessionMetaSchema, type SessionMeta } from './session-meta.js';

/** What a follower reports about one machine's recordings as they grow. */
export type LiveEvent =
  | { readonly kind: 'start'; readonly machine: string; readonly meta: SessionMeta }
  | { readonly kind: 'output'; readonly machine: string; readonly session: string; readonly data: Buffer }
  | { readonly kind: 'end'; readonly machine: string; readonly meta: SessionMeta };

export interface FollowOptions {
  /** Replay what open sessions printed before the follower started (default true), so the screen is current. */
  readonly backlog?: boolean;
  /** How often to look for growth (default 200 ms). */
  readonly intervalMs?: number;
  readonly signal?: AbortSignal;
}

interface Tracked {
  meta: SessionMeta;
  offset: number;
  headerSkipped: boolean;
}

const SCRIPT_HEADER = Buffer.from('Script started on ');
const SCRIPT_FOOTER = /\r?\n?Script done on [^\n]*\n?$/;

/**
 * Follow the session recordings in `dir` (a machine's sessions directory as
 * seen from the host, e.g. `/proc/<init>/root/var/log/faultline/sessions`)
 * and call `emit` with each session's start, every new chunk of its output
 * (`<id>.out`, as the recorder's `script -f` flushes it) and its end. Files
 * are only ever opened read-only: following never writes into a machine, so
 * it cannot type into the candidate's session. Sessions that ended before
 * the follower started are skipped (`faultline play` replays those).
 * Resolves when `signal` aborts.
 */
export async function followSessions(dir: string, machine: string, emit: (event: LiveEvent) => void, options: FollowOptions = {}): Promise<void> {
  const interval = options.intervalMs ?? 200;
  const tracked = new Map<string, Tracked>();
  const done = new Set<string>();
  let first = true;
  while (!options.signal?.aborted) {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      if (!name.endsWith('.meta.json')) continue;
      const id = name.slice(0, -'.meta.json'.length);
      if (done.has(id)) continue;
      const meta = await readMeta(join(dir, name));
      if (!meta) continue;
      let entry = tracked.get(id);
      if (!entry) {
        if (first && meta.ended !== null) {
          done.add(id);
          continue;
        }
        const skipBacklog = first && options.backlog === false;
        entry = { meta, offset: skipBacklog ? await sizeOf(join(dir, `${id}.out`)) : 0, headerSkipped: skipBacklog };
        tracked.set(id, entry);
        emit({ kind: 'start', machine, meta });
      }
      entry.meta = meta;
      const chunk = await readFrom(join(dir, `${id}.out`), entry.offset);
      let data = chunk;
      if (!entry.headerSkipped) {
        if (data.length < SCRIPT_HEADER.length && SCRIPT_HEADER.subarray(0, data.length).equals(data) && meta.ended === null) continue;
        if (data.subarray(0, SCRIPT_HEADER.length).equals(SCRIPT_HEADER)) {
          const newline = data.indexOf(0x0a);
          if (newline === -1 && meta.ended === null) continue;
          data = newline === -1 ? Buffer.alloc(0) : data.subarray(newline + 1);
        }
        entry.headerSkipped = true;
      }
      entry.offset += chunk.length;
      // script writes its footer just before the recorder rewrites the meta as ended: strip it either way.
      if (data.includes('Script done on ')) data = Buffer.from(data.toString('latin1').replace(SCRIPT_FOOTER, ''), 'latin1');
      if (data.length > 0) emit({ kind: 'output', machine, session: id, data });
      if (meta.ended !== null) {
        tracked.delete(id);
        done.add(id);
        emit({ kind: 'end', machine, meta });
      }
    }
    first = false;
    await sleepUnlessAborted(interval, options.signal);
  }
}

async function readMeta(path: string): Promise<SessionMeta | undefined> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const parsed = sessionMetaSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

async function sizeOf(path: string): Promise<number> {
  return (await stat(path).catch(() => undefined))?.size ?? 0;
}

/** Everything in `path` from `offset` on, read through a read-only descriptor (empty when absent). */
async function readFrom(path: string, offset: number): Promise<Buffer> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (!handle) return Buffer.alloc(0);
  try {
    const { size } = await handle.stat();
    if (size <= offset) return Buffer.alloc(0);
    const buffer = Buffer.alloc(size - offset);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
