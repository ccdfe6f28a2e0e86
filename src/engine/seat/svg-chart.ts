import type { AlertBand, MetricSeries } from './metrics.js';
import { formatDuration } from '../../utils/duration.js';
import { formatValue } from './seat-render.js';

/** A tick label without the unit (the caption names it): 0, 2.5, 750, 1.2k. */
function formatTick(value: number): string {
  if (value >= 10_000) return `${(value / 1000).toFixed(0)}k`;
  if (value >= 1000) return `${(value / 1000).toFixed(1).replace(/\.0$/, '')}k`;
  return Number.isInteger(value) ? String(value) : value.toFixed(value >= 10 ? 1 : 2).replace(/0+$/, '').replace(/\.$/, '');
}

export interface ChartMarker {
  /** Unix seconds. */
  readonly at: number;
  readonly label: string;
  readonly kind: 'ready' | 'check-pass' | 'check-fail' | 'hint' | 'note';
}

export interface ChartInput {
  readonly series: MetricSeries;
  /** Unix seconds. */
  readonly from: number;
  readonly to: number;
  readonly alerts: readonly AlertBand[];
  readonly markers: readonly ChartMarker[];
  /** Reference time for axis labels (ready), unix seconds; clock labels without it. */
  readonly zero: number | null;
}

const WIDTH = 760;
const HEIGHT = 170;
const PAD = { left: 44, right: 14, top: 10, bottom: 24 } as const;

export const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** A "nice" upper bound for the y axis (1, 2, 2.5 or 5 × 10^n). Pure. */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/** Offsets from ready, rounded to whole minutes on long charts and to 10 s on short ones, so ticks never repeat. */
function axisLabel(seconds: number, zero: number | null, span: number): string {
  if (zero === null) return new Date(seconds * 1000).toISOString().slice(11, span < 600 ? 19 : 16);
  const unit = span >= 1200 ? 60 : 10;
  const offset = Math.round((seconds - zero) / unit) * unit;
  return offset === 0 ? 'ready' : `${offset > 0 ? '+' : '−'}${formatDuration(Math.abs(offset) * 1000)}`;
}

/**
 * One metric over the interview as an inline SVG line chart: alert firing
 * periods as red bands (with the alert names on hover), the ready time,
 * checks and hints as vertical markers, and one dot per data point. Pure.
 */
export function renderChartSvg(input: ChartInput): string {
  const { series, from, to } = input;
  const span = Math.max(1, to - from);
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const peak = Math.max(0, ...series.points.map(([, value]) => value));
  // Percentages end at 100 (a full volume should touch the top, not sit at half height).
  const maxValue = series.unit === '%' && peak <= 100 ? Math.min(100, niceCeiling(peak * 1.05)) : niceCeiling(peak * 1.05);
  const x = (t: number): number => PAD.left + ((Math.min(Math.max(t, from), to) - from) / span) * innerW;
  const y = (v: number): number => PAD.top + innerH - (Math.max(0, v) / maxValue) * innerH;
  const f = (n: number): string => n.toFixed(1);
  const parts: string[] = [];
  parts.push(`<svg class="chart" data-series="${escapeXml(series.id)}" data-points="${series.points.length}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeXml(series.title)}" xmlns="http://www.w3.org/2000/svg">`);
  for (const band of input.alerts) {
    const left = x(band.from);
    const width = Math.max(2, x(band.to) - left);
    parts.push(`<rect class="alert-band" x="${f(left)}" y="${PAD.top}" width="${f(width)}" height="${innerH}"><title>${escapeXml(band.name)} firing</title></rect>`);
  }
  for (let i = 0; i <= 4; i += 1) {
    const value = (maxValue * i) / 4;
    const yy = y(value);
    parts.push(`<line class="grid" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${f(yy)}" y2="${f(yy)}"/>`);
    parts.push(`<text class="ylabel" x="${PAD.left - 6}" y="${f(yy + 4)}" text-anchor="end">${escapeXml(formatTick(value))}</text>`);
  }
  for (let i = 0; i <= 6; i += 1) {
    const t = from + (span * i) / 6;
    const anchor = i === 0 ? 'start' : i === 6 ? 'end' : 'middle';
    parts.push(`<text class="xlabel" x="${f(x(t))}" y="${HEIGHT - 6}" text-anchor="${anchor}">${escapeXml(axisLabel(t, input.zero, span))}</text>`);
  }
  for (const marker of input.markers) {
    if (marker.at < from || marker.at > to) continue;
    const xx = f(x(marker.at));
    parts.push(`<line class="marker ${marker.kind}" x1="${xx}" x2="${xx}" y1="${PAD.top}" y2="${PAD.top + innerH}"><title>${escapeXml(marker.label)}</title></line>`);
  }
  if (series.points.length > 0) {
    const path = series.points.map(([t, v], i) => `${i === 0 ? 'M' : 'L'}${f(x(t))},${f(y(v))}`).join(' ');
    parts.push(`<path class="line" d="${path}"/>`);
    for (const [t, v] of series.points) parts.push(`<circle class="pt" cx="${f(x(t))}" cy="${f(y(v))}" r="1.3"><title>${escapeXml(formatValue(v, series.unit))}</title></circle>`);
  } else {
    parts.push(`<text class="nodata" x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle">no data</text>`);
  }
  parts.push('</svg>');
  return parts.join('');
}
