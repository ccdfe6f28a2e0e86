import { FaultlineError } from '../errors/index.js';
import type { Asciicast, AsciicastEvent } from './asciicast.js';
import type { SessionMeta } from './session-meta.js';

/** The files util-linux `script` (and the recorder) leave for one session. */
export interface ScriptRecording {
  /** `--log-out` file, as bytes (may hold partial UTF-8 sequences per chunk). */
  readonly output: Buffer;
  /** `--log-in` file, when input was recorded. */
  readonly input?: Buffer;
  /** `--log-timing` file (classic `delay bytes` or advanced `O|I|H|S delay …`); absent for command sessions. */
  readonly timing?: string;
  readonly meta?: SessionMeta;
}

export interface ConvertOptions {
  /** Emit `i` events for recorded keystrokes (default true). */
  readonly includeInput?: boolean;
}

/** One parsed timing entry, with its absolute time. */
interface TimingEntry {
  readonly time: number;
  readonly stream: 'O' | 'I' | 'H' | 'S';
  readonly bytes: number;
  readonly name: string;
  readonly value: string;
}

const DEFAULT_SIZE = { width: 80, height: 24 } as const;
const SCRIPT_HEADER = Buffer.from('Script started on ');

/**
 * Convert a `script` recording into asciicast v2. Timing entries consume
 * bytes of the output/input logs in order (after the "Script started on …"
 * line `script` writes even with -q); SIGWINCH entries become `r` events.
 * Without a timing file (command sessions) the whole output is one event at
 * time 0, with bare LF turned into CRLF so it renders as it did on the pipe.
 */
export function convertScriptRecording(recording: ScriptRecording, options: ConvertOptions = {}): Asciicast {
  const includeInput = options.includeInput ?? true;
  const entries = recording.timing === undefined ? [] : parseTiming(recording.timing);
  const headers = new Map(entries.filter((entry) => entry.stream === 'H').map((entry) => [entry.name, entry.value]));
  const meta = recording.meta;

  const width = positive(meta?.cols) ?? positive(Number(headers.get('COLUMNS'))) ?? DEFAULT_SIZE.width;
  const height = positive(meta?.rows) ?? positive(Number(headers.get('LINES'))) ?? DEFAULT_SIZE.height;
  const startedMs = meta ? Date.parse(meta.started) : parseScriptTime(headers.get('START_TIME'));
  const term = meta?.term ?? headers.get('TERM');
  const shell = headers.get('SHELL');
  const env: Record<string, string> = {};
  if (term) env.TERM = term;
  if (shell) env.SHELL = shell;

  const events: AsciicastEvent[] = [];
  if (recording.timing === undefined) {
    const text = recording.output.toString('utf8').replace(/(?<!\r)\n/g, '\r\n');
    if (text.length > 0) events.push([0, 'o', text]);
  } else {
    const streams = {
      O: new ByteCursor(skipScriptHeader(recording.output)),
      I: new ByteCursor(skipScriptHeader(recording.input ?? Buffer.alloc(0))),
    };
    for (const entry of entries) {
      if (entry.stream === 'O' || entry.stream === 'I') {
        const text = streams[entry.stream].take(entry.bytes);
        if (text.length > 0 && (entry.stream === 'O' || includeInput)) events.push([entry.time, entry.stream === 'O' ? 'o' : 'i', text]);
      } else if (entry.stream === 'S' && entry.name === 'SIGWINCH') {
        const size = /ROWS=(\d+)\s+COLS=(\d+)/.exec(entry.value);
        if (size) events.push([entry.time, 'r', `${size[2]}x${size[1]}`]);
      }
    }
  }

  return {
    header: {
      version: 2,
      width,
      height,
      ...(Number.isFinite(startedMs) ? { timestamp: Math.floor(startedMs / 1000) } : {}),
      title: meta ? `${meta.user}@${meta.machine}: ${meta.command ?? 'interactive shell'}` : (headers.get('COMMAND') ?? 'session'),
      ...(Object.keys(env).length > 0 ? { env } : {}),
    },
    events,
  };
}

/** Parse a classic (`delay bytes`) or advanced (`O|I|H|S delay …`) timing file into absolute times. */
export function parseTiming(text: string): TimingEntry[] {
  const entries: TimingEntry[] = [];
  let time = 0;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trimEnd();
    if (line.length === 0) return;
    const classic = /^(\d+(?:\.\d+)?) (\d+)$/.exec(line);
    const advanced = /^([OIHS]) (\d+(?:\.\d+)?) (\S+)(?: (.*))?$/.exec(line);
    if (classic) {
      time += Number(classic[1]);
      entries.push({ time, stream: 'O', bytes: Number(classic[2]), name: '', value: '' });
    } else if (advanced) {
      const stream = advanced[1] as TimingEntry['stream'];
      time += Number(advanced[2]);
      const third = advanced[3] ?? '';
      const isData = stream === 'O' || stream === 'I';
      entries.push({ time, stream, bytes: isData ? Number(third) : 0, name: isData ? '' : third, value: advanced[4] ?? '' });
    } else {
      throw new FaultlineError('INVALID_PARAMS', `Line ${index + 1} of the timing file is not a script timing entry.`, {
        details: [line.slice(0, 120)],
      });
    }
  });
  return entries;
}

/** Reads consecutive byte ranges and decodes them as UTF-8 without splitting characters. */
class ByteCursor {
  private offset = 0;
  private readonly decoder = new TextDecoder('utf-8');
  constructor(private readonly bytes: Buffer) {}
  take(count: number): string {
    const chunk = this.bytes.subarray(this.offset, this.offset + count);
    this.offset += chunk.length;
    return this.decoder.decode(chunk, { stream: true });
  }
}

function skipScriptHeader(bytes: Buffer): Buffer {
  if (!bytes.subarray(0, SCRIPT_HEADER.length).equals(SCRIPT_HEADER)) return bytes;
  const newline = bytes.indexOf(0x0a);
  return newline === -1 ? Buffer.alloc(0) : bytes.subarray(newline + 1);
}

function positive(value: number | null | undefined): number | undefined {
  return value !== null && value !== undefined && Number.isInteger(value) && value > 0 ? value : undefined;
}

/** `2026-11-24 14:21:01+00:00` → epoch ms (NaN when absent). */
function parseScriptTime(value: string | undefined): number {
  return value === undefined ? Number.NaN : Date.parse(value.replace(' ', 'T'));
}
