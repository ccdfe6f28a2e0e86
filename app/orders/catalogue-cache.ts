/** One slab of the cache: 1 MiB, so the working set grows in steps the kernel charges page by page. */
const SLAB_BYTES = 1024 * 1024;

/** The product catalogue orders keeps in memory (price and stock lookups), warmed at startup. */
export interface CatalogueCache {
  /** Bytes held (resident: every page is written while warming). */
  readonly bytes: number;
}

/**
 * Warm a cache of `megabytes` MiB. Every page is written (a pattern, not
 * zeros), so the memory is really resident and charged to the service's
 * cgroup: a memory limit below the working set is hit while warming.
 */
export function warmCatalogueCache(megabytes: number): CatalogueCache {
  const slabs: Buffer[] = [];
  for (let index = 0; index < megabytes; index++) {
    const slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
    for (let offset = 0; offset < SLAB_BYTES; offset += 4096) slab.writeUInt32LE((index * 2654435761 + offset) >>> 0, offset);
    slabs.push(slab);
  }
  retained.push(...slabs);
  return { bytes: slabs.length * SLAB_BYTES };
}

/** The process keeps what it warmed for its lifetime. */
const retained: Buffer[] = [];
