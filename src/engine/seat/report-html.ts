import { readFile } from 'node:fs/promises';
import type { SessionSummary } from '../../access/sessions.js';
import { formatDuration } from '../../utils/duration.js';
import { summarizeReport } from '../report-render.js';
import { formatOffset, type ReportModel } from '../report-model.js';
import { loadPlayerAssets, type PlayerAssets } from './player-assets.js';
import type { SeatReport } from './seat-report.js';
import { escapeXml as esc, renderChartSvg, type ChartMarker } from './svg-chart.js';

/** A recorded session with its asciicast text, for the inline player. */
export interface EmbeddedCast {
  readonly id: string;
  readonly cast: string;
  /** The command asked for (command sessions); null for an interactive shell. */
  readonly command?: string | null;
  /** Terminal rows to show: a command's output is often a line or two, not a full 24-row screen. */
  readonly rows?: number;
}

export type InterviewModel = ReportModel & { readonly seat: SeatReport };

/** Read each session's .cast (file transfers have none), then render. */
export async function renderInterviewHtml(model: InterviewModel, sessions: readonly SessionSummary[]): Promise<string> {
  const casts: EmbeddedCast[] = [];
  for (const session of sessions) {
    if (session.castPath === null) continue;
    const cast = await readFile(session.castPath, 'utf8').catch(() => undefined);
    if (cast === undefined) continue;
    const lines = cast.split('\n').slice(1).join('').split('\\n').length;
    casts.push({ id: session.id, cast, command: session.command, ...(session.mode === 'command' ? { rows: Math.min(24, Math.max(3, lines + 1)) } : {}) });
  }
  return renderReportHtml(model, casts, await loadPlayerAssets());
}

const clock = (ts: string): string => (ts.length >= 19 ? ts.slice(11, 19) : ts);
const offsetOr = (offsetMs: number | null, ts: string): string => formatOffset(offsetMs) || clock(ts);

/** Text inside <script>: a `</script` (any case) or `<!--` in the data must not end or change the element. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * The report as one self-contained HTML page: no request leaves the page
 * (charts are inline SVG, the player's JS and CSS are inlined, recordings
 * are embedded as JSON). Everything from the model is escaped. Pure.
 */
export function renderReportHtml(model: InterviewModel, casts: readonly EmbeddedCast[], assets: PlayerAssets): string {
  const seat = model.seat;
  const verdict = model.resolution.resolved ? 'resolved' : 'unresolved';
  const title = `${model.env.title ?? model.env.scenario} — ${model.env.candidate}`;
  const body = [
    header(model, verdict),
    section('Summary', summaryTable(model)),
    section('Level', ladder(seat)),
    section('What the system did', charts(model)),
    section('Timeline', timeline(model)),
    section('Checks', checks(model)),
    section('Hints given', hints(model)),
    section('Candidate sessions', sessionsHtml(model, casts)),
    section("Candidate's write-up", writeup(seat)),
    section('Interviewer notes', panelNotes(seat)),
    section('Votes', votes(seat)),
    section('Debrief: what good looks like', debrief(model)),
    model.notes.length > 0 ? section('Notes on this report', `<ul>${model.notes.map((note) => `<li>${esc(note)}</li>`).join('')}</ul>`) : '',
    `<footer>Generated ${esc(model.generatedAt)} by faultline · player: asciinema-player ${esc(assets.version)} (inlined)</footer>`,
  ].join('\n');
  const castData = Object.fromEntries(casts.map((cast) => [cast.id, cast.cast]));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' 'wasm-unsafe-eval'; style-src 'unsafe-inline'; img-src data:; font-src data:; worker-src blob:; connect-src data: blob:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${assets.css}</style>
<style>${PAGE_CSS}</style>
</head>
<body>
<main>
${body}
</main>
<script id="casts" type="application/json">${scriptSafeJson(castData)}</script>
<script>${assets.js.replace(/<\/script/gi, '<\\/script')}</script>
<script>${PLAYER_INIT}</script>
</body>
</html>
`;
}

function header(model: InterviewModel, verdict: string): string {
  const final = model.verdict ? (model.verdict.passed ? 'final check passed' : 'final check failed') : 'no check run';
  return `<header>
<h1>${esc(model.env.title ?? model.env.scenario)}</h1>
<p class="sub">${esc(model.env.candidate)} · ${esc(model.env.name)} · level ${model.env.level ?? '?'} · seed ${model.env.seed}</p>
<p><span class="badge ${verdict}" id="verdict">${esc(verdict)}</span> <span class="badge neutral">${esc(final)}</span></p>
</header>`;
}

const section = (title: string, content: string): string => `<section><h2>${esc(title)}</h2>${content}</section>`;

function summaryTable(model: InterviewModel): string {
  return `<table class="kv">${summarizeReport(model)
    .map(([label, value]) => `<tr><th>${esc(label)}</th><td>${esc(value)}</td></tr>`)
    .join('')}</table>`;
}

function ladder(seat: SeatReport): string {
  const level = seat.ladder.level;
  const steps = seat.ladder.steps
    .map(
      (step) =>
        `<li class="${step.level === level ? 'current' : ''}"${step.level === level ? ' aria-current="true"' : ''}><span class="lvl">${step.level}</span><b>${esc(step.title)}</b><span>${esc(step.expects)}</span></li>`,
    )
    .join('');
  const what = level === null ? '<p>The scenario could not be loaded, so its level is unknown.</p>' : `<p>This scenario is written for level <b>${level}</b> of the ladder.</p>`;
  return `${what}<ol class="ladder">${steps}</ol>`;
}

function charts(model: InterviewModel): string {
  const metrics = model.seat.metrics;
  if (!metrics) return `<p class="muted">${esc(model.seat.metricsNote ?? 'No metrics.')}</p>`;
  const zero = model.readyAt === null ? null : Date.parse(model.readyAt) / 1000;
  const markers: ChartMarker[] = [];
  if (zero !== null) markers.push({ at: zero, label: `ready ${clock(model.readyAt ?? '')}`, kind: 'ready' });
  for (const check of model.checks) markers.push({ at: Date.parse(check.ts) / 1000, label: `check ${check.passed ? 'passed' : 'failed'} ${clock(check.ts)}`, kind: check.passed ? 'check-pass' : 'check-fail' });
  for (const hint of model.hints.given) markers.push({ at: Date.parse(hint.ts) / 1000, label: `hint ${hint.index} ${clock(hint.ts)}`, kind: 'hint' });
  const legend = `<p class="legend"><span class="key band"></span> alert firing <span class="key ready"></span> ready <span class="key pass"></span> check passed <span class="key fail"></span> check failed <span class="key hint"></span> hint · x axis: minutes from ready</p>`;
  const alertList =
    metrics.alerts.length === 0
      ? '<p class="muted">No alert fired during the interview.</p>'
      : `<ul class="alerts">${metrics.alerts.map((band) => `<li><b>${esc(band.name)}</b> firing ${esc(new Date(band.from * 1000).toISOString().slice(11, 19))}–${esc(new Date(band.to * 1000).toISOString().slice(11, 19))} UTC</li>`).join('')}</ul>`;
  const figures = metrics.series
    .map(
      (series) =>
        `<figure><figcaption>${esc(series.title)} <span class="muted">(${esc(series.unit)})</span></figcaption>${renderChartSvg({ series, from: metrics.from, to: metrics.to, alerts: metrics.alerts, markers, zero })}</figure>`,
    )
    .join('');
  return `${legend}<div class="charts">${figures}</div>${alertList}<p class="muted small">Prometheus range queries, step ${metrics.stepSeconds}s, captured ${esc(metrics.capturedAt)}.</p>`;
}

function timeline(model: InterviewModel): string {
  if (model.timeline.length === 0) return '<p class="muted">No events.</p>';
  const rows = model.timeline
    .map((event) => `<tr class="ev ${esc(event.type.replace(/[^a-z.]/g, ''))}"><td class="num">${esc(formatOffset(event.offsetMs) || '-')}</td><td class="num">${esc(clock(event.ts))}</td><td><span class="type">${esc(event.type)}</span></td><td>${esc(event.text)}</td></tr>`)
    .join('');
  return `<table class="timeline"><thead><tr><th>Offset</th><th>UTC</th><th>Kind</th><th>Event</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function checks(model: InterviewModel): string {
  if (model.checks.length === 0) return '<p class="muted">No check was run (<code>faultline check &lt;env&gt;</code>).</p>';
  return model.checks
    .map((check, index) => {
      const faults = check.faults
        .map((fault) => {
          const criteria = fault.criteria
            .map((c) => `<li class="${c.passed ? 'pass' : 'fail'}"><details${c.passed ? '' : ' open'}><summary>${c.passed ? '✔' : '✘'} ${esc(c.name)}</summary><pre>${esc(c.evidence)}</pre></details></li>`)
            .join('');
          return `<div class="fault"><h4>${esc(fault.fault)}: <span class="${fault.passed ? 'pass' : 'fail'}">${fault.passed ? 'fixed' : 'not fixed'}</span></h4><ul class="criteria">${criteria}</ul></div>`;
        })
        .join('');
      const last = index === model.checks.length - 1 ? ' (final)' : '';
      return `<div class="check"><h3><span class="${check.passed ? 'pass' : 'fail'}">${check.passed ? 'PASSED' : 'FAILED'}</span> at ${esc(offsetOr(check.offsetMs, check.ts))}${last}</h3>${faults || '<p class="muted">No faults to verify.</p>'}</div>`;
    })
    .join('');
}

function hints(model: InterviewModel): string {
  const total = model.hints.total === null ? '' : ` of ${model.hints.total}`;
  if (model.hints.given.length === 0) return `<p class="muted">No hints given${total ? ` (0${total})` : ''}.</p>`;
  return `<p>${model.hints.given.length}${total} given.</p><ol class="hints">${model.hints.given.map((hint) => `<li value="${hint.index}"><span class="num">${esc(offsetOr(hint.offsetMs, hint.ts))}</span> ${esc(hint.text)}</li>`).join('')}</ol>`;
}

function sessionsHtml(model: InterviewModel, casts: readonly EmbeddedCast[]): string {
  if (model.sessions.length === 0) return '<p class="muted">No session was recorded.</p>';
  const embedded = new Map(casts.map((cast) => [cast.id, cast]));
  const cards = model.sessions
    .map((session) => {
      const duration = session.durationMs === null ? 'still open' : formatDuration(session.durationMs);
      const cast = embedded.get(session.id);
      const what = cast?.command ? ` <code>${esc(cast.command)}</code>` : session.mode === 'tty' ? ' interactive shell' : '';
      const head = `<h3>${esc(session.machine)}${what} <span class="muted">· ${esc(session.user)} · ${esc(session.mode)} · started ${esc(offsetOr(session.offsetMs, session.started))} · ${esc(duration)}</span></h3>`;
      const player = cast
        ? `<div class="cast-player" data-session="${esc(session.id)}"${cast.rows ? ` data-rows="${cast.rows}"` : ''}></div>`
        : `<p class="muted">${session.play === null ? 'File transfer: not recorded.' : 'Recording not available.'}</p>`;
      return `<div class="session" id="session-${esc(session.id)}">${head}${player}<p class="muted small">${esc(session.id)}${session.play ? ` · in a terminal: <code>${esc(session.play)}</code>` : ''}</p></div>`;
    })
    .join('');
  return `<p class="muted small">${model.sessions.length} session${model.sessions.length === 1 ? '' : 's'}, oldest first; press play (or space) on one to replay it, pauses cut to 2 s.</p><div class="sessions">${cards}</div>`;
}

function writeup(seat: SeatReport): string {
  if (!seat.writeup) return '<p class="muted">Not collected: the write-up file was missing.</p>';
  if (seat.writeup.untouched) return '<p class="muted" id="writeup-empty">Not written: the file is still the template the candidate was given.</p>';
  return `<pre class="writeup" id="writeup">${esc(seat.writeup.text.trimEnd())}</pre>`;
}

function panelNotes(seat: SeatReport): string {
  if (seat.panelNotes.length === 0) return '<p class="muted">No notes (<code>faultline note &lt;env&gt; "…"</code>).</p>';
  return `<ul class="notes">${seat.panelNotes.map((note) => `<li><span class="num">${esc(offsetOr(note.offsetMs, note.ts))}</span>${note.author ? ` <b>${esc(note.author)}</b>` : ''} ${esc(note.text)}</li>`).join('')}</ul>`;
}

function votes(seat: SeatReport): string {
  const view = seat.votes;
  const state = view.revealed ? 'revealed' : 'hidden';
  const who = `<p>Panel: ${view.panel.length > 0 ? esc(view.panel.join(', ')) : '<i>not listed</i>'} · voted: ${view.voted.length > 0 ? esc(view.voted.join(', ')) : 'nobody yet'}</p>`;
  const rows = view.visible
    .map((vote) => `<tr><th>${esc(vote.panelist)}</th><td class="vote ${vote.vote === '+1' ? 'plus' : 'minus'}">${esc(vote.vote)}</td><td>${esc(vote.comment ?? '')}</td></tr>`)
    .join('');
  const table = rows ? `<table class="votes"><thead><tr><th>Panelist</th><th>Vote</th><th>Comment</th></tr></thead><tbody>${rows}</tbody></table>` : '';
  const reason = `<p class="${state}" id="votes-state" data-state="${state}">${view.revealed ? 'Votes shown' : 'Votes hidden'}: ${esc(view.reason)}.${!view.revealed && view.visible.length > 0 ? ' You see only your own vote.' : ''}</p>`;
  return `${who}${reason}${table}`;
}

function debrief(model: InterviewModel): string {
  if (!model.debrief) return '<p class="muted">No debrief (the scenario could not be loaded).</p>';
  const items = model.debrief.goodLooksLike.map((item, index) => `<li><label><input type="checkbox" id="good-${index}"> ${esc(item)}</label></li>`).join('');
  return `<p><b>Root cause:</b> ${esc(model.debrief.rootCause)}</p>${items ? `<ul class="checklist">${items}</ul><p class="muted small">Tick what the candidate showed (kept in this page only).</p>` : ''}`;
}

const PLAYER_INIT = `
(function () {
  var casts = JSON.parse(document.getElementById('casts').textContent || '{}');
  window.faultlinePlayers = {};
  document.querySelectorAll('.cast-player').forEach(function (el) {
    var id = el.getAttribute('data-session');
    if (!(id in casts)) return;
    try {
      var opts = { fit: 'width', idleTimeLimit: 2, preload: true, theme: 'asciinema' };
      var rows = Number(el.getAttribute('data-rows'));
      // A command's output: a short terminal showing it from the start (there is nothing to "play").
      if (rows > 0) { opts.rows = rows; opts.poster = 'npt:0:1'; }
      window.faultlinePlayers[id] = AsciinemaPlayer.create({ data: casts[id] }, el, opts);
    } catch (e) {
      el.textContent = 'The player could not start: ' + e;
    }
  });
})();
`;

const PAGE_CSS = `
:root { --fg:#1d2330; --muted:#667085; --line:#e4e7ec; --bg:#f6f7f9; --card:#fff; --pass:#067647; --fail:#b42318; --accent:#3b5bdb; }
* { box-sizing: border-box; }
body { margin:0; background:var(--bg); color:var(--fg); font:15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 1000px; margin: 0 auto; padding: 24px 20px 60px; }
header h1 { margin: 0 0 4px; font-size: 26px; }
.sub { margin: 0 0 8px; color: var(--muted); }
section { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 16px 20px; margin: 16px 0; }
h2 { margin: 0 0 12px; font-size: 18px; }
h3 { font-size: 15px; margin: 14px 0 8px; }
h4 { font-size: 14px; margin: 10px 0 6px; }
.muted { color: var(--muted); } .small { font-size: 12px; }
.badge { display:inline-block; padding: 2px 10px; border-radius: 999px; font-weight: 600; font-size: 13px; }
.badge.resolved { background:#dcfae6; color: var(--pass); } .badge.unresolved { background:#fee4e2; color: var(--fail); } .badge.neutral { background:#eef2f6; color:#364152; }
.pass { color: var(--pass); } .fail { color: var(--fail); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid var(--line); }
table.kv th { width: 110px; color: var(--muted); font-weight: 500; }
.num { font-variant-numeric: tabular-nums; white-space: nowrap; color: var(--muted); }
.timeline .type { font: 12px ui-monospace, monospace; background:#eef2f6; padding: 1px 6px; border-radius: 4px; white-space: nowrap; }
.timeline tr.note td:last-child { font-style: italic; }
.timeline tr.check td:last-child, .timeline tr.alert td:last-child { font-weight: 500; }
.ladder { list-style: none; padding: 0; margin: 0; display: grid; grid-template-columns: repeat(6, 1fr); gap: 6px; }
.ladder li { border: 1px solid var(--line); border-radius: 8px; padding: 8px; font-size: 12px; display:flex; flex-direction:column; gap:2px; color: var(--muted); }
.ladder li b { color: var(--fg); font-size: 13px; }
.ladder li .lvl { font-size: 20px; font-weight: 700; color: #98a2b3; }
.ladder li.current { border: 2px solid var(--accent); background: #eef2ff; color: var(--fg); }
.ladder li.current .lvl { color: var(--accent); }
.charts { display: grid; grid-template-columns: 1fr; gap: 10px; }
figure { margin: 0; }
figcaption { font-weight: 600; font-size: 14px; margin-bottom: 2px; }
svg.chart { width: 100%; height: auto; display: block; }
svg.chart .grid { stroke: #eaecf0; stroke-width: 1; }
svg.chart .line { fill: none; stroke: var(--accent); stroke-width: 1.8; }
svg.chart .pt { fill: var(--accent); fill-opacity: .7; }
svg.chart .alert-band { fill: #f04438; fill-opacity: .12; }
svg.chart .ylabel, svg.chart .xlabel { font-size: 11px; fill: #667085; font-family: system-ui, sans-serif; }
svg.chart .nodata { font-size: 14px; fill: #98a2b3; }
svg.chart .marker { stroke-width: 1.5; stroke-dasharray: 4 3; }
svg.chart .marker.ready { stroke: #344054; } svg.chart .marker.check-pass { stroke: var(--pass); } svg.chart .marker.check-fail { stroke: var(--fail); } svg.chart .marker.hint { stroke: #dc6803; }
.legend { font-size: 12px; color: var(--muted); margin: 0 0 8px; }
.legend .key { display:inline-block; width: 14px; height: 10px; margin: 0 3px 0 10px; vertical-align: middle; border-radius: 2px; }
.key.band { background: rgba(240,68,56,.25); } .key.ready { background: #344054; } .key.pass { background: var(--pass); } .key.fail { background: var(--fail); } .key.hint { background: #dc6803; }
.criteria { list-style: none; padding-left: 0; }
details summary { cursor: pointer; }
pre { background: #0f1729; color: #e4e7ec; padding: 10px 12px; border-radius: 6px; overflow-x: auto; font: 12.5px/1.45 ui-monospace, SFMono-Regular, Menlo, monospace; white-space: pre-wrap; }
pre.writeup { background: #fcfcfd; color: var(--fg); border: 1px solid var(--line); font-size: 13px; }
.sessions { display: grid; grid-template-columns: repeat(auto-fill, minmax(440px, 1fr)); gap: 14px 18px; }
.session { min-width: 0; }
.session h3 { margin-top: 4px; font-size: 14px; overflow-wrap: anywhere; }
.cast-player { max-width: 100%; }
.votes td.vote { font-weight: 700; width: 60px; } .vote.plus { color: var(--pass); } .vote.minus { color: var(--fail); }
#votes-state.hidden { background: #fffaeb; border: 1px solid #fedf89; padding: 6px 10px; border-radius: 6px; }
.checklist { list-style: none; padding-left: 0; } .checklist li { margin: 6px 0; }
.notes li, .hints li { margin: 4px 0; }
footer { color: var(--muted); font-size: 12px; text-align: center; margin-top: 24px; }
@media (max-width: 720px) { .ladder { grid-template-columns: repeat(3, 1fr); } }
`;
