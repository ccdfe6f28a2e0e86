import { readFile, writeFile } from 'node:fs/promises';

/**
 * Kernel limits that booted containers exhaust long before CPU or memory:
 * every systemd (and journald, networkd, …) inside a machine takes inotify
 * instances, and the default 128 per user runs out at roughly 7 environments
 * ("Failed to allocate manager object: Too many open files"). Raised, never
 * lowered — the same fix kind and other container-per-node tools document.
 */
export const HOST_LIMITS: Readonly<Record<string, number>> = {
  '/proc/sys/fs/inotify/max_user_instances': 8192,
  '/proc/sys/fs/inotify/max_user_watches': 524288,
};

export async function ensureHostLimits(progress: (line: string) => void): Promise<void> {
  for (const [path, wanted] of Object.entries(HOST_LIMITS)) {
    const current = Number.parseInt(await readFile(path, 'utf8').catch(() => '0'), 10);
    if (current >= wanted) continue;
    try {
      await writeFile(path, String(wanted));
      progress(`raised ${path.replace('/proc/sys/', '').replaceAll('/', '.')} from ${current} to ${wanted} (booted containers use many inotify instances)`);
    } catch {
      progress(`warning: could not raise ${path} (${current}); more than a few environments at once may fail to boot`);
    }
  }
}
