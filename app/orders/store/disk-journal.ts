import { createReadStream } from 'node:fs';
import { open, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { orderSchema, type Order } from '../order.js';
import { StoreError } from './store-error.js';

/** File name of the journal inside the data dir. */
export const JOURNAL_FILE = 'orders.jsonl';

/** Bytes read from the end of the journal to list recent orders. */
const TAIL_BYTES = 128 * 1024;

/**
 * Append one order as a JSON line and fsync it. A write cut short (ENOSPC
 * after a partial write) is truncated away so the journal never keeps a torn
 * line. Throws StoreError('disk').
 */
export async function appendOrder(dataDir: string, order: Order): Promise<void> {
  try {
    const handle = await open(join(dataDir, JOURNAL_FILE), 'a', 0o640);
    try {
      const { size } = await handle.stat();
      try {
        await writeFully(handle, Buffer.from(`${JSON.stringify(order)}\n`));
        await handle.sync();
      } catch (error) {
        await handle.truncate(size).catch(() => undefined);
        throw error;
      }
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new StoreError('disk', error);
  }
}

/** Write all of `data`, looping over short writes (a full disk makes the next write fail with ENOSPC). */
async function writeFully(handle: FileHandle, data: Buffer): Promise<void> {
  let offset = 0;
  while (offset < data.length) {
    const { bytesWritten } = await handle.write(data, offset, data.length - offset);
    if (bytesWritten === 0) throw Object.assign(new Error('no bytes written'), { code: 'ENOSPC' });
    offset += bytesWritten;
  }
}

/** The newest `limit` orders, newest first (reads only the journal's tail). */
export async function readRecentOrders(dataDir: string, limit: number): Promise<Order[]> {
  const path = join(dataDir, JOURNAL_FILE);
  try {
    const { size } = await stat(path);
    const start = Math.max(0, size - TAIL_BYTES);
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(size - start);
      await handle.read(buffer, 0, buffer.length, start);
      const lines = buffer.toString('utf8').split('\n');
      if (start > 0) lines.shift();
      return parseOrderLines(lines).reverse().slice(0, limit);
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new StoreError('disk', error);
  }
}

/** Find one order by id, scanning the whole journal. */
export async function findOrder(dataDir: string, id: string): Promise<Order | undefined> {
  const lines = createInterface({ input: createReadStream(join(dataDir, JOURNAL_FILE)), crlfDelay: Infinity });
  let found: Order | undefined;
  try {
    for await (const line of lines) {
      if (line.includes(id)) found = parseOrderLines([line]).find((o) => o.id === id) ?? found;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StoreError('disk', error);
  }
  return found;
}

/**
 * Prove the data dir takes writes: write, fsync and remove a small probe
 * file. Throws StoreError('disk') (ENOSPC, EACCES, EROFS, ...).
 */
export async function probeDataDir(dataDir: string, instance: string): Promise<void> {
  const path = join(dataDir, `.healthz-${instance}`);
  try {
    const handle = await open(path, 'w', 0o640);
    try {
      await handle.write(`${Date.now()}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await unlink(path);
  } catch (error) {
    await unlink(path).catch(() => undefined);
    throw new StoreError('disk', error);
  }
}

function parseOrderLines(lines: readonly string[]): Order[] {
  const orders: Order[] = [];
  for (const line of lines) {
    if (line.trim() === '') continue;
    try {
      const parsed = orderSchema.safeParse(JSON.parse(line));
      if (parsed.success) orders.push(parsed.data);
    } catch {
      // A torn line (e.g. a write cut short by ENOSPC) is skipped.
    }
  }
  return orders;
}
