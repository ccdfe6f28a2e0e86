/**
 * The seed's ladder: scenario `level` 1–6 (src/schema/scenario.ts) and what
 * each step expects of a candidate. The report shows the scenario's level on
 * it, so a panel reads the result against the level the scenario was written for.
 */
export const LADDER = [
  { level: 1, title: 'Junior', expects: 'Follows the symptom with guidance; knows the basic tools (logs, systemctl, curl).' },
  { level: 2, title: 'Intermediate', expects: 'Finds a single-machine cause alone; fixes it safely.' },
  { level: 3, title: 'Senior', expects: 'Reads metrics and logs together, separates cause from symptom, fixes without collateral damage.' },
  { level: 4, title: 'Senior II', expects: 'Works across machines and layers; explains the fix and how to prevent a repeat.' },
  { level: 5, title: 'Staff-track', expects: 'Untangles several interacting faults; prioritises, communicates, leaves the system better.' },
  { level: 6, title: 'Staff', expects: 'Drives the whole incident: hypotheses, mitigation first, root causes, follow-ups for the team.' },
] as const;

export type LadderStep = (typeof LADDER)[number];
