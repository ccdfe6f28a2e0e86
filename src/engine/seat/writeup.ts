import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { isUntouchedWriteup, WRITEUP, type WriteupTemplateInput } from '../../access/writeup.js';
import type { Executor } from '../../core/executor.js';
import { SEAT_EVENT, writeupDataSchema } from '../../core/seat-events.js';
import { appendEventIn, readTimelineIn } from '../../core/timeline.js';
import { loadScenario } from '../../schema/load-scenario.js';
import type { EnvState } from '../../schema/state.js';
import { writeFileAtomic } from '../../utils/atomic-write.js';
import { seatPaths } from './record.js';

/**
 * The template's title and problems for an environment: its scenario's title,
 * one section per fault — or, for scenarios that hand out problem files, one
 * section per problem file, titled by its first heading and where it lies.
 */
export async function writeupInputFor(state: EnvState): Promise<WriteupTemplateInput> {
  const scenario = await loadScenario(state.scenarioPath).catch(() => undefined);
  const titles = (scenario?.handouts ?? []).filter((handout) => !handout.writable).map((handout) => `${firstHeading(handout.text)} (${handout.role}:${handout.path})`);
  return {
    title: scenario?.title ?? state.scenario,
    problems: Math.max(1, state.faults.length, titles.length),
    ...(titles.length > 0 ? { titles } : {}),
  };
}

function firstHeading(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? 'problem';
  return line.replace(/^#+\s*/, '').trim();
}

/** The candidate's write-up as the report shows it. */
export interface CollectedWriteup {
  readonly text: string;
  /** Still the template: the candidate wrote nothing. */
  readonly untouched: boolean;
  readonly path: string;
}

/**
 * Copy the candidate's write-up from edge into `<dir>/seat/WRITEUP.md`, and
 * log a `writeup.collected` event when its content changed since the last
 * copy. Returns undefined when the file is not there (deleted by the candidate).
 */
export async function collectWriteup(state: EnvState, dir: string, exec: Executor): Promise<CollectedWriteup | undefined> {
  const result = await exec.exec(WRITEUP.machine, ['cat', '--', WRITEUP.path], { timeoutMs: 10_000 });
  if (result.exitCode !== 0) return undefined;
  const text = result.stdout;
  const paths = seatPaths(dir);
  const untouched = isUntouchedWriteup(text, await writeupInputFor(state));
  const previous = await readFile(paths.writeup, 'utf8').catch(() => undefined);
  if (previous !== text) {
    await mkdir(paths.dir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(paths.writeup, text);
    const data = writeupDataSchema.parse({ sha256: createHash('sha256').update(text).digest('hex'), lines: text.split('\n').length, untouched });
    const events = await readTimelineIn(dir);
    const seen = events.some((event) => event.type === SEAT_EVENT.writeup && event.data.sha256 === data.sha256);
    if (!seen) appendEventIn(dir, { type: SEAT_EVENT.writeup, message: untouched ? 'write-up collected (still the template)' : `write-up collected (${data.lines} lines)`, data });
  }
  return { text, untouched, path: paths.writeup };
}

/** The write-up collected before (works after `down`, from the archive). */
export async function readCollectedWriteup(state: EnvState, dir: string): Promise<CollectedWriteup | undefined> {
  const path = seatPaths(dir).writeup;
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  return { text, untouched: isUntouchedWriteup(text, await writeupInputFor(state)), path };
}
