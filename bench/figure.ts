/** One verdict against a stated target, e.g. "≤ 8 s" met or not. */
export interface TargetVerdict {
  /** The target as printed: "≤ 8 s", "≤ 2× raw boot". */
  readonly text: string;
  /** undefined when the figure needed for the verdict is missing. */
  readonly met: boolean | undefined;
}

/**
 * One printed line of the benchmark: what was measured, the value as
 * printed, the raw numbers behind it (for --json) and any target verdicts.
 */
export interface Figure {
  /** Stable id for --json consumers: "warm-up", "raw-boot", … */
  readonly id: string;
  /** Short name in the table's first column. */
  readonly label: string;
  /** What exactly the number measures (one phrase). */
  readonly measures: string;
  /** The value as printed, e.g. "14.2 s (median of 5)". */
  readonly value: string;
  readonly targets: readonly TargetVerdict[];
  /** One line per failed run or step behind this figure (printed under the table). */
  readonly failures: readonly string[];
  /** Raw numbers (ms, bytes, counts); undefined entries mean "not measured". */
  readonly data: Record<string, unknown>;
  /** Why the figure was not measured, when it was not. */
  readonly skipped?: string;
}

/** A target verdict "value ≤ limit"; unknown when value is missing. */
export function atMost(text: string, value: number | undefined, limit: number): TargetVerdict {
  return { text, met: value === undefined ? undefined : value <= limit };
}

/** A figure that was not measured, with the reason printed in place of the value. */
export function skippedFigure(id: string, label: string, measures: string, reason: string): Figure {
  return { id, label, measures, value: `skipped (${reason})`, targets: [], failures: [], data: {}, skipped: reason };
}

/** "✓ ≤ 8 s", "✗ ≤ 8 s", "? ≤ 8 s" (unknown), joined by commas. */
export function formatVerdicts(targets: readonly TargetVerdict[]): string {
  return targets.map((t) => `${t.met === undefined ? '?' : t.met ? '✓' : '✗'} ${t.text}`).join(', ');
}

/** A figure whose measurement threw: the value says so. */
export function failedFigure(id: string, label: string, measures: string, message: string): Figure {
  return { id, label, measures, value: 'failed', targets: [], failures: [message], data: { error: message } };
}
