import type { Criterion } from '../../../src/core/evidence.js';
import type { KubeObject } from '../../../src/core/kube.js';
import { APP_DATA_MIB, PATHS } from '../../../src/stack/topology.js';

export const POD_SELECTOR_TEXT = 'app.kubernetes.io/name=orders';
export const CONTAINER = 'orders';
/** Usage at or above this is "full" for the symptom; verify wants strictly below HEALTHY_MAX. */
export const FULL_MIN = 95;
export const HEALTHY_MAX = 90;

export interface DiskPressureParams {
  /** Ballast file, relative to the data dir. */
  readonly file: string;
}

/** Absolute path of the ballast in the orders container. */
export function ballastPath(params: DiskPressureParams): string {
  return `${PATHS.appData}/${params.file}`;
}

/** Shell that fills the data volume to ENOSPC with the ballast file (dd stops at "No space left"). */
export function renderFillScript(params: DiskPressureParams): string {
  const path = ballastPath(params);
  return `mkdir -p "$(dirname '${path}')" && dd if=/dev/zero of='${path}' bs=1M count=${APP_DATA_MIB} 2>&1; sync; true`;
}

/** Shell that removes the ballast (idempotent). */
export function renderCleanScript(params: DiskPressureParams): string {
  return `rm -f '${ballastPath(params)}'`;
}

/** Use% of the data volume from `df -P <dir>` output; undefined when it cannot be read. */
export function parseDfUsePercent(text: string): number | undefined {
  const line = text.trim().split('\n').find((l) => l.trim().endsWith(PATHS.appData) || /\s\d+%\s/.test(l));
  const m = line === undefined ? null : /\s(\d+)%\s/.exec(`${line} `);
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

/** Names of running orders pods. */
export function runningPods(pods: readonly KubeObject[]): string[] {
  return pods.filter((p) => (p['status'] as { phase?: string } | undefined)?.phase === 'Running').map((p) => p.metadata.name);
}

/** Pods the kubelet evicted (phase Failed, reason Evicted). */
export function evictedPods(pods: readonly KubeObject[]): string[] {
  return pods
    .filter((p) => (p['status'] as { reason?: string } | undefined)?.reason === 'Evicted')
    .map((p) => p.metadata.name);
}

/** Verify criteria from per-pod df readings. */
export function checkVolumes(readings: readonly { pod: string; usePercent: number | undefined; dfOutput: string }[]): Criterion[] {
  if (readings.length === 0) return [{ name: 'orders pods are running', passed: false, evidence: 'no running orders pod found' }];
  return readings.map((r) => ({
    name: `${r.pod}: the data volume ${PATHS.appData} is below ${HEALTHY_MAX}% used`,
    passed: r.usePercent !== undefined && r.usePercent < HEALTHY_MAX,
    evidence: `df -P ${PATHS.appData}:\n${r.dfOutput.trim()}`,
  }));
}
