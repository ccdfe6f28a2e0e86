import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatAsciicast, parseAsciicast } from '../../src/access/asciicast.js';
import { convertScriptRecording, parseTiming } from '../../src/access/script-recording.js';
import { sessionMetaSchema } from '../../src/access/session-meta.js';
import { installHostRecorder, readOnlySession, runWithoutPty, runWithPty, type HostRecorder } from './fixtures/recorder.js';

/** Record real sessions with util-linux `script` through the recorder, once for the file. */
let interactive: Map<string, Buffer>;
let command: Map<string, Buffer>;
const recorders: HostRecorder[] = [];

beforeAll(async () => {
  const a = await installHostRecorder();
  const b = await installHostRecorder();
  recorders.push(a, b);
  // A pause, a multibyte character and a resize, so timing, decoding and `r` events all show.
  await runWithPty(a, 'echo start-é-€\nsleep 0.6\necho done-ü\nexit 0\n', {
    rows: 25,
    cols: 90,
    resizeTo: { rows: 40, cols: 120, afterMs: 300 },
  });
  await runWithoutPty(b, 'printf "one\\ntwo\\n"');
  interactive = (await readOnlySession(a)).files;
  command = (await readOnlySession(b)).files;
}, 30_000);
afterAll(async () => {
  for (const recorder of recorders) await rm(recorder.root, { recursive: true, force: true });
});

const metaOf = (files: Map<string, Buffer>) => sessionMetaSchema.parse(JSON.parse(files.get('meta.json')?.toString() ?? 'null'));

describe('convertScriptRecording', () => {
  it('turns a real script recording into asciicast v2 with the terminal size and start time', () => {
    const meta = metaOf(interactive);
    const cast = convertScriptRecording({ output: interactive.get('out') as Buffer, input: interactive.get('in'), timing: interactive.get('timing')?.toString(), meta });
    expect(cast.header).toMatchObject({ version: 2, width: 90, height: 25, timestamp: Math.floor(Date.parse(meta.started) / 1000) });
    expect(cast.header.title).toContain('interactive shell');
    const output = cast.events.filter(([, type]) => type === 'o').map(([, , data]) => data).join('');
    expect(output).toContain('start-é-€');
    expect(output).toContain('done-ü');
    expect(output).not.toContain('Script started');
    expect(output).not.toContain('\uFFFD');
  });

  it('reproduces every recorded output byte, in order', () => {
    const cast = convertScriptRecording({ output: interactive.get('out') as Buffer, timing: interactive.get('timing')?.toString() });
    const replayed = cast.events.filter(([, type]) => type === 'o').map(([, , data]) => data).join('');
    const raw = (interactive.get('out') as Buffer).toString();
    const body = raw.slice(raw.indexOf('\n') + 1);
    expect(body.startsWith(replayed)).toBe(true);
    // What is left is only script's own "Script done" footer.
    expect(body.slice(replayed.length).trim()).toMatch(/^Script done on /);
  });

  it('keeps the pause between commands in event times', () => {
    const cast = convertScriptRecording({ output: interactive.get('out') as Buffer, timing: interactive.get('timing')?.toString() });
    const times = cast.events.map(([time]) => time);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    const gaps = times.slice(1).map((time, index) => time - (times[index] as number));
    expect(Math.max(...gaps)).toBeGreaterThan(0.3);
  });

  it('emits keystrokes as input events, and drops them on request', () => {
    const args = { output: interactive.get('out') as Buffer, input: interactive.get('in'), timing: interactive.get('timing')?.toString() };
    const withInput = convertScriptRecording(args);
    expect(withInput.events.filter(([, type]) => type === 'i').map(([, , data]) => data).join('')).toContain('sleep 0.6');
    expect(convertScriptRecording(args, { includeInput: false }).events.some(([, type]) => type === 'i')).toBe(false);
  });

  it('turns a window resize into an r event', () => {
    const cast = convertScriptRecording({ output: interactive.get('out') as Buffer, timing: interactive.get('timing')?.toString() });
    expect(cast.events.filter(([, type]) => type === 'r').map(([, , data]) => data)).toContain('120x40');
  });

  it('renders a command session without timing as one event with CRLF line ends', () => {
    const cast = convertScriptRecording({ output: command.get('out') as Buffer, meta: metaOf(command) });
    expect(cast.events).toEqual([[0, 'o', 'one\r\ntwo\r\n']]);
    expect(cast.header).toMatchObject({ width: 80, height: 24 });
    expect(cast.header.title).toContain('printf');
  });

  it('survives a round trip through the asciicast file format', () => {
    const cast = convertScriptRecording({ output: interactive.get('out') as Buffer, input: interactive.get('in'), timing: interactive.get('timing')?.toString(), meta: metaOf(interactive) });
    const text = formatAsciicast(cast);
    const lines = text.trimEnd().split('\n');
    expect(JSON.parse(lines[0] as string)).toMatchObject({ version: 2 });
    expect(lines.length).toBe(cast.events.length + 1);
    expect(parseAsciicast(text).events.map(([, , data]) => data)).toEqual(cast.events.map(([, , data]) => data));
  });
});

describe('parseTiming', () => {
  it('reads the classic two-column format as output', () => {
    expect(parseTiming('0.5 3\n0.25 2\n').map(({ time, stream, bytes }) => [time, stream, bytes])).toEqual([[0.5, 'O', 3], [0.75, 'O', 2]]);
  });

  it('names the line of a timing file it cannot read', () => {
    expect(() => parseTiming('O 0.1 3\nnonsense\n')).toThrow(/Line 2/);
  });
});

describe('parseAsciicast', () => {
  it('rejects a file whose header is not version 2', () => {
    expect(() => parseAsciicast('{"version":1,"width":80,"height":24}\n')).toThrow(/asciicast v2 header/);
  });

  it('rejects an event that is not [time, type, data]', () => {
    expect(() => parseAsciicast('{"version":2,"width":80,"height":24}\n[0.1,"x","a"]\n')).toThrow(/Line 2/);
  });
});
