import type { Figure } from './figure.js';
import { formatRatio } from './stats.js';

/** The time (ms) in a figure's data that is compared with raw boot, by figure id. */
function timeOf(figure: Figure): number | undefined {
  const data = figure.data;
  const pick = (key: string): number | undefined => (typeof data[key] === 'number' ? (data[key] as number) : undefined);
  if (figure.id.startsWith('fault-')) return pick('resetMs');
  if (figure.id === 'concurrency') return pick('wallMs');
  if (['warm-up', 'warm-up-provision', 'warm-up-baseline-gate', 'down'].includes(figure.id)) return pick('medianMs');
  return undefined;
}

/**
 * Every time figure with its ratio to the raw boot of the same run appended
 * ("… = 2.1× raw boot"; for a fault, of its reset), so a loaded host's
 * absolute times still compare. Figures are unchanged when raw boot failed.
 */
export function withRawBootRatios(figures: readonly Figure[]): Figure[] {
  const raw = figures.find((f) => f.id === 'raw-boot')?.data.medianMs;
  if (typeof raw !== 'number' || raw <= 0) return [...figures];
  return figures.map((figure) => {
    const ms = timeOf(figure);
    if (ms === undefined) return figure;
    const what = figure.id.startsWith('fault-') ? 'reset' : '';
    return {
      ...figure,
      value: `${figure.value} = ${what ? `${what} ` : ''}${formatRatio(ms, raw)} raw boot`,
      data: { ...figure.data, overRawBoot: ms / raw },
    };
  });
}
