import type { Criterion, VerifyResult } from '../core/evidence.js';
import { verifyResult } from '../core/evidence.js';
import type { Executor } from '../core/executor.js';
import type { Probes } from '../core/probe.js';
import { ROLES, UNITS } from '../stack/topology.js';
import { sleep } from '../utils/sleep.js';

/** Scrape targets a healthy environment has at least (4 nodes, 2 orders, etcd, prometheus, alertmanager, 2 probes). */
export const MIN_SCRAPE_TARGETS = 11;

/** The edge URL every gate and fault probes (from inside the environment). */
export const EDGE_ORDERS_URL = 'https://edge/api/orders';

/** One pass over the healthy-baseline criteria. */
export async function checkBaseline(exec: Executor, probes: Probes): Promise<VerifyResult> {
  const criteria = await Promise.all([checkUnits(exec), checkTargets(probes), checkEdge(probes), checkNoAlerts(probes)]);
  return verifyResult(criteria);
}

/**
 * Poll until the baseline holds or `timeoutMs` passes: every unit active,
 * every scrape target up, the edge answers 200 over TLS with a real app
 * response, and no alert firing.
 */
export async function waitForBaseline(exec: Executor, probes: Probes, options: BaselineWaitOptions = {}): Promise<VerifyResult> {
  const check = options.check ?? (() => checkBaseline(exec, probes));
  const started = Date.now();
  const deadline = started + (options.timeoutMs ?? 180_000);
  const seen = new Set<string>();
  let failedStreak = 0;
  for (;;) {
    const result = await check();
    for (const c of result.criteria) {
      if (c.passed && !seen.has(c.name)) {
        seen.add(c.name);
        options.onFirstPass?.(c.name, Date.now() - started);
      }
    }
    if (result.passed || Date.now() > deadline) return result;
    // A unit that stays `failed` (not restarting) will not recover by waiting: stop early.
    const units = result.criteria[0];
    failedStreak = units && !units.passed && /=failed\b/.test(units.evidence) ? failedStreak + 1 : 0;
    if (failedStreak >= FAILED_UNIT_POLLS) return result;
    await sleep(GATE_POLL_MS);
  }
}

/** Between gate passes: each pass runs ~10 probes, so polling faster only loads the host. */
const GATE_POLL_MS = 500;

export interface BaselineWaitOptions {
  readonly timeoutMs?: number | undefined;
  /** Replaces the default criteria (targets with their own idea of "healthy"). */
  readonly check?: (() => Promise<VerifyResult>) | undefined;
  /** Told how long each criterion took to first hold (for the timeline and the benchmark). */
  readonly onFirstPass?: (criterion: string, ms: number) => void;
}

/** Consecutive polls with a unit in `failed` state before the gate gives up early. */
const FAILED_UNIT_POLLS = 5;

async function checkUnits(exec: Executor): Promise<Criterion> {
  const inactive: string[] = [];
  for (const role of ROLES) {
    const units = UNITS[role];
    const result = await exec.exec(role, ['systemctl', 'is-active', ...units], { timeoutMs: 10_000 });
    const states = result.stdout.trim().split('\n');
    units.forEach((unit, i) => {
      if (states[i] !== 'active') inactive.push(`${role}/${unit}=${states[i] ?? 'unknown'}`);
    });
  }
  return {
    name: 'every service unit is active',
    passed: inactive.length === 0,
    evidence: inactive.length === 0 ? `systemctl is-active: all ${ROLES.map((r) => UNITS[r].length).reduce((a, b) => a + b)} units active` : `not active: ${inactive.join(', ')}`,
  };
}

async function checkTargets(probes: Probes): Promise<Criterion> {
  const targets = await probes.targets().catch((error: Error) => error);
  if (targets instanceof Error) return { name: 'every scrape target is up', passed: false, evidence: targets.message };
  const down = targets.filter((t) => t.health !== 'up');
  return {
    name: 'every scrape target is up',
    passed: down.length === 0 && targets.length >= MIN_SCRAPE_TARGETS,
    evidence:
      down.length > 0
        ? `down: ${down.map((t) => `${t.job}/${t.instance} (${t.health}${t.lastError ? `: ${t.lastError}` : ''})`).join('; ')}`
        : `${targets.length} targets up (need ≥ ${MIN_SCRAPE_TARGETS})`,
  };
}

async function checkEdge(probes: Probes): Promise<Criterion> {
  const response = await probes.http('mon', EDGE_ORDERS_URL);
  const real = response.body.includes('"service":"orders"');
  return {
    name: 'edge answers 200 over TLS with a real app response',
    passed: response.status === 200 && real,
    evidence: `GET ${EDGE_ORDERS_URL} from mon → ${response.status || 'no response'}${real ? ` from ${response.headers['x-orders-instance'] ?? 'orders'}` : `: ${response.body.slice(0, 160)}`}`,
  };
}

async function checkNoAlerts(probes: Probes): Promise<Criterion> {
  const alerts = await probes.alerts().catch((error: Error) => error);
  if (alerts instanceof Error) return { name: 'no alert is firing', passed: false, evidence: alerts.message };
  const firing = alerts.filter((a) => a.state === 'firing');
  return {
    name: 'no alert is firing',
    passed: firing.length === 0 && alerts.length > 0,
    evidence: firing.length ? `firing: ${firing.map((a) => a.name).join(', ')}` : `${alerts.length} alert rules loaded, none firing`,
  };
}
