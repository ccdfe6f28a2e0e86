import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Executor } from '../core/executor.js';
import { FaultlineError } from '../errors/index.js';
import { writeFileAtomic } from '../utils/atomic-write.js';
import { ACCESS_PATHS } from './access-paths.js';
import { formatAsciicast } from './asciicast.js';
import { convertScriptRecording } from './script-recording.js';
import { sessionMetaSchema, type SessionMeta } from './session-meta.js';

/** One recorded candidate session, as collected on the host. */
export interface SessionSummary {
  readonly id: string;
  /** The machine (role name) it was copied from. */
  readonly machine: string;
  readonly user: string;
  readonly clientIp: string | null;
  readonly mode: SessionMeta['mode'];
  readonly command: string | null;
  readonly started: string;
  readonly ended: string | null;
  readonly exitStatus: number | null;
  /** The .cast file, or null for file transfers (not recorded). */
  readonly castPath: string | null;
}

/** What changed since the previous collection (for timeline events). */
export interface CollectedSession extends SessionSummary {
  readonly newlyStarted: boolean;
  readonly newlyEnded: boolean;
}

export interface CollectOptions {
  /** Recordings directory inside the machines (default /var/log/faultline/sessions). */
  readonly sessionsDir?: string;
}

const EXTENSIONS = ['meta.json', 'out', 'in', 'timing'] as const;
type Extension = (typeof EXTENSIONS)[number];
const ID_PATTERN = /^[A-Za-z0-9._-]+$/;

/**
 * Copy every session recording from each machine into
 * `<destDir>/raw/<machine>/`, convert it to `<destDir>/<id>.cast`, and return
 * all sessions sorted by start time. Files travel base64-encoded through
 * `Executor.sh`, so binary output survives. A session already collected after
 * it ended is not copied again. Call it before `down` destroys the machines.
 */
export async function collectSessions(
  executor: Executor,
  machines: readonly string[],
  destDir: string,
  options: CollectOptions = {},
): Promise<CollectedSession[]> {
  const sessionsDir = options.sessionsDir ?? ACCESS_PATHS.sessionsDir;
  if (!/^\/[A-Za-z0-9._/-]*$/.test(sessionsDir)) {
    throw new FaultlineError('INVALID_PARAMS', `sessionsDir ${JSON.stringify(sessionsDir)} must be an absolute path of plain characters.`);
  }
  const collected: CollectedSession[] = [];
  for (const machine of machines) {
    const rawDir = join(destDir, 'raw', machine);
    await mkdir(rawDir, { recursive: true, mode: 0o700 });
    for (const id of await listRemoteSessionIds(executor, machine, sessionsDir)) {
      const previous = await readLocalMeta(join(rawDir, `${id}.meta.json`));
      if (previous?.ended) {
        collected.push({ ...summarise(previous, machine, destDir), newlyStarted: false, newlyEnded: false });
        continue;
      }
      const files = await fetchSessionFiles(executor, machine, sessionsDir, id);
      const metaBytes = files.get('meta.json');
      if (metaBytes === undefined) continue;
      const meta = parseMeta(metaBytes.toString('utf8'), `${machine}:${sessionsDir}/${id}.meta.json`);
      for (const [extension, bytes] of files) await writeFileAtomic(join(rawDir, `${id}.${extension}`), bytes, 0o600);
      const summary = summarise(meta, machine, destDir);
      if (summary.castPath !== null) {
        const cast = convertScriptRecording({
          output: files.get('out') ?? Buffer.alloc(0),
          ...(files.has('in') ? { input: files.get('in') } : {}),
          ...(files.has('timing') ? { timing: files.get('timing')?.toString('utf8') } : {}),
          meta,
        });
        await writeFileAtomic(summary.castPath, formatAsciicast(cast), 0o600);
      }
      collected.push({ ...summary, newlyStarted: previous === undefined, newlyEnded: meta.ended !== null });
    }
  }
  return collected.sort((a, b) => a.started.localeCompare(b.started));
}

/** Sessions already collected into `destDir`, oldest first (works after `down`). */
export async function listSessions(destDir: string): Promise<SessionSummary[]> {
  const rawRoot = join(destDir, 'raw');
  const machines = await readdir(rawRoot).catch(() => [] as string[]);
  const sessions: SessionSummary[] = [];
  for (const machine of machines) {
    for (const file of await readdir(join(rawRoot, machine))) {
      if (!file.endsWith('.meta.json')) continue;
      const meta = await readLocalMeta(join(rawRoot, machine, file));
      if (meta) sessions.push(summarise(meta, machine, destDir));
    }
  }
  return sessions.sort((a, b) => a.started.localeCompare(b.started));
}

/**
 * Pick a session by exact id, else by a unique substring of its id; no query
 * means the latest session. Throws USAGE listing the candidates when ambiguous.
 */
export function findSession(sessions: readonly SessionSummary[], query?: string): SessionSummary {
  if (sessions.length === 0) throw new FaultlineError('USAGE', 'No recorded sessions yet.', { hint: 'Sessions appear once the candidate has logged in.' });
  if (query === undefined) return sessions[sessions.length - 1] as SessionSummary;
  const exact = sessions.find((session) => session.id === query);
  if (exact) return exact;
  const matches = sessions.filter((session) => session.id.includes(query));
  if (matches.length === 1) return matches[0] as SessionSummary;
  throw new FaultlineError('USAGE', matches.length === 0 ? `No session matches ${JSON.stringify(query)}.` : `${matches.length} sessions match ${JSON.stringify(query)}.`, {
    hint: 'Use `faultline sessions <env>` to list ids.',
    details: (matches.length === 0 ? sessions : matches).map((session) => session.id),
  });
}

async function listRemoteSessionIds(executor: Executor, machine: string, sessionsDir: string): Promise<string[]> {
  const result = await executor.sh(machine, `cd ${sessionsDir} 2>/dev/null || exit 0\nfor f in *.meta.json; do [ -f "$f" ] && printf '%s\\n' "\${f%.meta.json}"; done\nexit 0\n`);
  if (result.exitCode !== 0) {
    throw new FaultlineError('COMMAND_FAILED', `Could not list session recordings on ${machine}.`, { details: result.stderr.split('\n').slice(-5) });
  }
  return result.stdout.split('\n').filter((id) => ID_PATTERN.test(id));
}

async function fetchSessionFiles(executor: Executor, machine: string, sessionsDir: string, id: string): Promise<Map<Extension, Buffer>> {
  const script = [`cd ${sessionsDir} || exit 1`, `for ext in ${EXTENSIONS.join(' ')}; do`, `  f="${id}.$ext"`, `  [ -f "$f" ] || continue`, `  printf '== %s\\n' "$ext"; base64 -w0 "$f"; echo`, 'done', ''].join('\n');
  const result = await executor.sh(machine, script, { timeoutMs: 120_000 });
  if (result.exitCode !== 0) {
    throw new FaultlineError('COMMAND_FAILED', `Could not read session ${id} on ${machine}.`, { details: result.stderr.split('\n').slice(-5) });
  }
  const files = new Map<Extension, Buffer>();
  const lines = result.stdout.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const marker = /^== (\S+)$/.exec(lines[index] ?? '');
    const extension = marker?.[1] as Extension | undefined;
    if (extension && (EXTENSIONS as readonly string[]).includes(extension)) {
      files.set(extension, Buffer.from(lines[index + 1] ?? '', 'base64'));
      index += 1;
    }
  }
  return files;
}

async function readLocalMeta(path: string): Promise<SessionMeta | undefined> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  return text === undefined ? undefined : parseMeta(text, path);
}

function parseMeta(text: string, where: string): SessionMeta {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new FaultlineError('COMMAND_FAILED', `Session metadata ${where} is not JSON.`, { cause, details: [text.slice(0, 200)] });
  }
  const parsed = sessionMetaSchema.safeParse(value);
  if (!parsed.success) {
    throw new FaultlineError('COMMAND_FAILED', `Session metadata ${where} has an unexpected shape.`, {
      details: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    });
  }
  return parsed.data;
}

function summarise(meta: SessionMeta, machine: string, destDir: string): SessionSummary {
  return {
    id: meta.id,
    machine,
    user: meta.user,
    clientIp: meta.clientIp,
    mode: meta.mode,
    command: meta.command,
    started: meta.started,
    ended: meta.ended,
    exitStatus: meta.exitStatus,
    castPath: meta.mode === 'transfer' ? null : join(destDir, `${meta.id}.cast`),
  };
}
