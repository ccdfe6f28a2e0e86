import { FAULT_KIND_OF_TARGET, type FaultArea, type FaultDefinition } from '../core/fault.js';
import type { Scenario, TargetName } from '../schema/scenario.js';
import { listScenarioIds, loadScenario } from '../schema/load-scenario.js';
import { targetName } from '../schema/scenario.js';
import { faultKinds, getFault, listFaults } from '../../faults/registry.js';

/** One row of `faultline faults`. */
export interface FaultRow {
  readonly id: string;
  readonly area: FaultArea;
  readonly level: number;
  /** Targets it runs on (from its implementations). */
  readonly targets: readonly TargetName[];
  readonly summary: string;
  readonly symptomSeconds: number;
  readonly wrongFixes: readonly string[];
}

/** One row of `faultline scenarios`. */
export interface ScenarioRow {
  readonly id: string;
  readonly title: string;
  readonly level: number;
  /** Areas of its faults, sorted, without repeats. */
  readonly areas: readonly FaultArea[];
  /** Targets the scenario lists that every one of its faults can run on. */
  readonly targets: readonly TargetName[];
  readonly faults: readonly string[];
  readonly timebox: string;
  /** The slowest of its faults' typical symptom times (0 without faults). */
  readonly symptomSeconds: number;
}

/** Targets a fault's implementations cover. */
export function faultTargets(fault: FaultDefinition): TargetName[] {
  const kinds = faultKinds(fault);
  return targetName.options.filter((target) => kinds.includes(FAULT_KIND_OF_TARGET[target]));
}

/** Every registered fault as a catalogue row, sorted by id. */
export function faultCatalogue(): FaultRow[] {
  return listFaults().map((fault) => ({
    id: fault.id,
    area: fault.area,
    level: fault.level,
    targets: faultTargets(fault),
    summary: fault.summary,
    symptomSeconds: fault.symptomSeconds,
    wrongFixes: faultKinds(fault).flatMap((kind) => (fault.implementations[kind]?.wrongFixes ?? []).map((w) => `${kind}:${w.id}`)),
  }));
}

/** A scenario as a catalogue row (its faults must be registered). */
export function scenarioRow(scenario: Scenario): ScenarioRow {
  const faults = scenario.faults.map((f) => getFault(f.id));
  return {
    id: scenario.id,
    title: scenario.title,
    level: scenario.level,
    areas: [...new Set(faults.map((f) => f.area))].sort(),
    targets: scenario.targets.filter((target) => faults.every((f) => faultTargets(f).includes(target))),
    faults: scenario.faults.map((f) => f.id),
    timebox: scenario.timebox,
    symptomSeconds: Math.max(0, ...faults.map((f) => f.symptomSeconds)),
  };
}

/** Every shipped scenario as a catalogue row, sorted by id. */
export async function scenarioCatalogue(): Promise<ScenarioRow[]> {
  const ids = await listScenarioIds();
  return (await Promise.all(ids.map((id) => loadScenario(id)))).map(scenarioRow);
}

/** The shipped scenario that injects only `faultId` (each fault has one); undefined when there is none. */
export async function singleFaultScenario(faultId: string): Promise<string | undefined> {
  const rows = await scenarioCatalogue();
  return rows.find((row) => row.faults.length === 1 && row.faults[0] === faultId)?.id;
}

/** README's fault table (Markdown), generated from the registry; a test keeps README equal to it. */
export function renderFaultTableMarkdown(rows: readonly FaultRow[] = faultCatalogue()): string {
  return [
    '| fault | area | level | targets | symptom after | what breaks |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| \`${r.id}\` | ${r.area} | ${r.level} | ${r.targets.join(', ')} | ~${r.symptomSeconds} s | ${escapeCell(r.summary)} |`),
  ].join('\n');
}

/** README's scenario table (Markdown), generated from scenarios/ and the registry. */
export function renderScenarioTableMarkdown(rows: readonly ScenarioRow[]): string {
  return [
    '| scenario | level | areas | faults | targets | timebox | title |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| \`${r.id}\` | ${r.level} | ${r.areas.join(', ') || '—'} | ${r.faults.map((f) => `\`${f}\``).join(' + ') || '—'} | ${r.targets.join(', ')} | ${r.timebox} | ${escapeCell(r.title)} |`,
    ),
  ].join('\n');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
}
