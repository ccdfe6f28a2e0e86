import { readFile } from 'node:fs/promises';
import { availableParallelism, release } from 'node:os';

/** The machine the figures were taken on, printed as the report's header. */
export interface HostInfo {
  readonly nproc: number;
  readonly memTotalBytes: number | undefined;
  readonly kernel: string;
  readonly cpuModel: string;
}

/** One field of /proc/meminfo in bytes ("MemAvailable"), or undefined. */
export async function readMeminfo(field: string): Promise<number | undefined> {
  const text = await readFile('/proc/meminfo', 'utf8').catch(() => '');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(text);
  return match ? Number(match[1]) * 1024 : undefined;
}

/** nproc, RAM, kernel and CPU model of this host. */
export async function describeHost(): Promise<HostInfo> {
  const cpuinfo = await readFile('/proc/cpuinfo', 'utf8').catch(() => '');
  return {
    nproc: availableParallelism(),
    memTotalBytes: await readMeminfo('MemTotal'),
    kernel: release(),
    cpuModel: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? 'unknown CPU',
  };
}

/** "2 CPUs (Intel Xeon …), 24.1 GB RAM, Linux 6.1.0-…" */
export function formatHost(host: HostInfo): string {
  const ram = host.memTotalBytes === undefined ? 'unknown RAM' : `${(host.memTotalBytes / 1e9).toFixed(1)} GB RAM`;
  return `${host.nproc} CPUs (${host.cpuModel}), ${ram}, Linux ${host.kernel}`;
}
