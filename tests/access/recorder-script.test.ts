import { rm } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderRecorderScript } from '../../src/access/recorder-script.js';
import { sessionMetaSchema } from '../../src/access/session-meta.js';
import { installHostRecorder, readOnlySession, runWithoutPty, runWithPty, type HostRecorder } from './fixtures/recorder.js';

let recorder: HostRecorder;
beforeEach(async () => {
  recorder = await installHostRecorder();
});
afterEach(async () => {
  await rm(recorder.root, { recursive: true, force: true });
});

function metaOf(files: Map<string, Buffer>) {
  return sessionMetaSchema.parse(JSON.parse(files.get('meta.json')?.toString('utf8') ?? 'null'));
}

describe('renderRecorderScript', () => {
  it('refuses a sessions directory that would need shell quoting', () => {
    expect(() => renderRecorderScript({ sessionsDir: '/var/log/$(reboot)' })).toThrow(/absolute path of plain characters/);
  });

  it('records an interactive session with script: output, input, timing and metadata', async () => {
    const result = await runWithPty(recorder, 'echo marker-$((6*7))\nstty size\nexit 4\n', { rows: 31, cols: 101 });
    expect(result.exitCode).toBe(4);
    const { id, files } = await readOnlySession(recorder);
    const meta = metaOf(files);
    expect(meta).toMatchObject({ id, mode: 'tty', command: null, clientIp: '127.0.0.9', clientPort: '40123', rows: 31, cols: 101, exitStatus: 4 });
    expect(meta.ended).not.toBeNull();
    expect(id).toMatch(/^\d{8}T\d{6}Z-.+-.+-\d+$/);
    expect(files.get('out')?.toString()).toContain('marker-42');
    expect(files.get('out')?.toString()).toContain('31 101');
    expect(files.get('in')?.toString()).toContain('echo marker-$((6*7))');
    expect(files.get('timing')?.toString()).toMatch(/^O \d+\.\d+ \d+$/m);
  });

  it('runs a command with a pty through script and keeps its exit status', async () => {
    const result = await runWithPty(recorder, '', { command: 'tty; exit 9' });
    expect(result.exitCode).toBe(9);
    const { files } = await readOnlySession(recorder);
    expect(metaOf(files)).toMatchObject({ mode: 'tty', command: 'tty; exit 9', exitStatus: 9 });
    expect(files.get('out')?.toString()).toMatch(/\/dev\/pts\/\d+/);
  });

  it('runs a command without a pty byte-exact, separating stdout from stderr, and records both', async () => {
    const result = await runWithoutPty(recorder, 'printf "out\\n"; printf "err\\n" >&2; head -c 4 | od -An -tx1; exit 3', Buffer.from([0x00, 0x01, 0xfe, 0xff]));
    expect(result.exitCode).toBe(3);
    expect(Buffer.from(result.stdout).toString()).toBe('out\n 00 01 fe ff\n');
    expect(Buffer.from(result.stderr).toString()).toBe('err\n');
    const { files } = await readOnlySession(recorder);
    expect(metaOf(files)).toMatchObject({ mode: 'command', exitStatus: 3, rows: null, term: null });
    const log = files.get('out')?.toString() ?? '';
    expect(log).toContain('out\n');
    expect(log).toContain('err\n');
    expect(files.has('timing')).toBe(false);
  });

  it('keeps quotes, backslashes and newlines of the command intact in the metadata', async () => {
    const command = 'echo "a \\"quoted\\" \\\\ path"\necho \'tab\there\'';
    await runWithoutPty(recorder, command);
    const { files } = await readOnlySession(recorder);
    expect(metaOf(files).command).toBe(command);
  });

  it('passes sftp through unrecorded but logs it as a transfer', async () => {
    const result = await runWithoutPty(recorder, '/usr/lib/openssh/sftp-server -h');
    const { files } = await readOnlySession(recorder);
    expect(metaOf(files)).toMatchObject({ mode: 'transfer', command: '/usr/lib/openssh/sftp-server -h', exitStatus: result.exitCode });
    expect(files.has('out')).toBe(false);
  });

  it('treats a legacy scp sink as a transfer and leaves its stream alone', async () => {
    const result = await runWithoutPty(recorder, 'scp -t /dev/null', '');
    const { files } = await readOnlySession(recorder);
    expect(metaOf(files)).toMatchObject({ mode: 'transfer', command: 'scp -t /dev/null', exitStatus: result.exitCode });
    expect(files.has('out')).toBe(false);
  });

  it('still lets the candidate in when the sessions directory is not writable', async () => {
    await rm(recorder.sessionsDir, { recursive: true });
    const result = await runWithoutPty(recorder, 'echo still-in; exit 2');
    expect(result.exitCode).toBe(2);
    expect(Buffer.from(result.stdout).toString()).toBe('still-in\n');
  });
});
