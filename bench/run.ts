/**
 * `npm run bench`: the figures README's "Benchmark" section quotes, measured
 * with the real CLI in a throwaway FAULTLINE_HOME that shares the image
 * cache. Progress goes to stderr; the report (table + Markdown, or --json,
 * or --markdown) to stdout. Everything the bench started is removed at the
 * end, on failure and on Ctrl-C too.
 */
import { isFaultlineError } from '../src/errors/index.js';
import { loadConfig } from '../src/engine/load-config.js';
import { ensureBaseImage } from '../src/targets/local/image/build-image.js';
import { ensureHostRequirements } from '../src/targets/local/host-requirements.js';
import { createBenchHome } from './bench-home.js';
import { coldImageFigures, concurrencyFigures, faultFigures, selftestFigures } from './build-figures.js';
import { warmFigures } from './warm-figures.js';
import { cleanBenchEnvironments } from './clean-environments.js';
import { createCleanup } from './cleanup.js';
import type { BenchContext } from './context.js';
import { failedFigure, skippedFigure, type Figure } from './figure.js';
import { describeHost } from './host-info.js';
import { BenchInterrupted, interruptSubprocesses, settleSubprocesses } from './interrupt.js';
import { measureColdImage } from './measure-cold-image.js';
import { measureConcurrency } from './measure-concurrency.js';
import { measureFaults } from './measure-faults.js';
import { measureRawBoot, type RawBootRuns } from './measure-raw-boot.js';
import { measureSelftest } from './measure-selftest.js';
import { measurePool } from './measure-pool.js';
import { poolFigures } from './pool-figures.js';
import { measureWarmRuns } from './measure-warm-up.js';
import { parseBenchOptions } from './options.js';
import { withRawBootRatios } from './raw-boot-ratio.js';
import { renderJson, renderMarkdown, renderText } from './render-report.js';
import { formatSeconds } from './stats.js';

const benchStarted = performance.now();

function progress(line: string): void {
  process.stderr.write(`[bench ${formatSeconds(performance.now() - benchStarted).padStart(8)}] ${line}\n`);
}

/** Run one measurement; a throw becomes a "failed: …" figure and the bench goes on. */
async function attempt(id: string, label: string, measures: string, measure: () => Promise<Figure[]>): Promise<Figure[]> {
  try {
    return await measure();
  } catch (error) {
    if (error instanceof BenchInterrupted) throw error;
    const message = error instanceof Error ? error.message : String(error);
    progress(`${label} failed: ${message}`);
    return [failedFigure(id, label, measures, message)];
  }
}

async function measureAll(ctx: BenchContext): Promise<Figure[]> {
  const { options } = ctx;
  const figures: Figure[] = [];
  const coldMeasures = 'debootstrap + prepare into an empty image cache';
  figures.push(
    ...(options.cold
      ? await attempt('cold-image', 'Cold base image build', coldMeasures, async () => coldImageFigures(await measureColdImage(ctx)))
      : [skippedFigure('cold-image', 'Cold base image build', coldMeasures, 'pass --cold')]),
  );
  progress('preparing: base image (cache hit expected)');
  const config = await loadConfig();
  await ensureBaseImage({ mirror: config.local.mirror }, progress);

  let rawForPool: RawBootRuns | undefined;
  figures.push(
    ...(await attempt('warm-up', 'Warm up (baseline)', 'warm up, raw boot, down, RAM', async () => {
      const warm = await measureWarmRuns(ctx);
      let raw: RawBootRuns | string;
      try {
        raw = await measureRawBoot(ctx);
      } catch (error) {
        if (error instanceof BenchInterrupted) throw error;
        raw = error instanceof Error ? error.message : String(error);
        progress(`raw boot failed: ${raw}`);
      }
      if (typeof raw !== 'string') rawForPool = raw;
      return warmFigures(warm, raw, options.runs);
    })),
  );
  figures.push(...(await attempt('pool', 'Pool', 'up from a warm and a hot pool', async () => poolFigures(await measurePool(ctx), rawForPool))));
  figures.push(
    ...(await attempt('concurrency', `${options.concurrent} at once`, 'concurrent up baseline', async () =>
      concurrencyFigures(await measureConcurrency(ctx)),
    )),
  );
  figures.push(...(await attempt('faults', 'Faults', 'up, check, reset per fault scenario', async () => faultFigures(await measureFaults(ctx)))));
  const selftestMeasures = 'wall time of `faultline selftest --json`, every scenario';
  figures.push(
    ...(options.skipSelftest
      ? [skippedFigure('selftest', 'Selftest, all scenarios', selftestMeasures, '--skip-selftest or --quick')]
      : await attempt('selftest', 'Selftest, all scenarios', selftestMeasures, async () => selftestFigures(await measureSelftest(ctx)))),
  );
  return withRawBootRatios(figures);
}

async function main(argv: readonly string[]): Promise<number> {
  const options = parseBenchOptions(argv);
  await ensureHostRequirements(progress);
  const startedAt = new Date().toISOString();
  const host = await describeHost();
  const home = createBenchHome();
  process.env.FAULTLINE_HOME = home.home; // in-process helpers (image, config, cgroups) use the bench home too
  const cleanup = createCleanup(progress);
  cleanup.add('bench home', async () => home.remove());
  cleanup.add('environments', () => cleanBenchEnvironments(home, progress));
  cleanup.add('CLI calls in flight', settleSubprocesses);
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (signalled) return progress(`${signal}: still cleaning up, please wait`);
    signalled = true;
    progress(`${signal}: stopping the CLI calls in flight, then cleaning up`);
    void interruptSubprocesses()
      .then(() => cleanup.run())
      .finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  progress(`FAULTLINE_HOME=${home.home}`);
  let figures: Figure[];
  try {
    figures = await measureAll({ options, home, progress, cleanup });
  } finally {
    progress('cleaning up: down --all, gc');
    await cleanup.run();
  }
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  const report = { startedAt, host, options, figures, wallMs: performance.now() - benchStarted };
  if (options.json) process.stdout.write(`${renderJson(report)}\n`);
  else if (options.markdown) process.stdout.write(`${renderMarkdown(report)}\n`);
  else process.stdout.write(`${renderText(report)}\n\nMarkdown for README's "Benchmark" section:\n\n${renderMarkdown(report)}\n`);
  progress(`done in ${formatSeconds(report.wallMs)}`);
  const failures = figures.reduce((n, f) => n + f.failures.length, 0);
  if (failures > 0) progress(`${failures} failure(s), listed under the table`);
  return failures > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof BenchInterrupted) process.exit(130);
    if (isFaultlineError(error)) {
      process.stderr.write(`error: ${error.message}\n${error.hint ? `hint: ${error.hint}\n` : ''}`);
      process.exit(error.exitCode);
    }
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
