/**
 * What a probe looked at and what came back. Symptoms and checks always carry
 * evidence text so an interviewer can see *why* something passed or failed.
 */
export interface Observation {
  readonly observed: boolean;
  readonly evidence: string;
}

export interface Criterion {
  /** Short sentence naming what must hold, e.g. "edge routes /api/ to both app instances". */
  readonly name: string;
  readonly passed: boolean;
  readonly evidence: string;
}

export interface VerifyResult {
  readonly passed: boolean;
  readonly criteria: readonly Criterion[];
}

export function verifyResult(criteria: readonly Criterion[]): VerifyResult {
  return { passed: criteria.length > 0 && criteria.every((c) => c.passed), criteria };
}
