import { describe, expect, it } from 'vitest';
import { renderJournalFiles } from '../../../src/stack/render/journal.js';
import { isContent, isSymlink, type RenderedFile } from '../../../src/stack/render/rendered-file.js';

const text = (files: RenderedFile[], path: string) => {
  const file = files.find((f) => f.path === path);
  return file && isContent(file) ? file.content : undefined;
};

// systemd-analyze verify of these drop-ins on Debian's units runs in units.test.ts.
describe('renderJournalFiles', () => {
  it('uploads every machine\'s journal to mon over plain HTTP, retrying while mon boots', () => {
    for (const role of ['edge', 'app', 'store', 'mon'] as const) {
      const files = renderJournalFiles(role);
      expect(text(files, '/etc/systemd/journal-upload.conf')).toMatch(/^\[Upload\]\nURL=http:\/\/mon:19532$/m);
      expect(text(files, '/etc/systemd/system/systemd-journal-upload.service.d/faultline.conf')).toContain('StartLimitIntervalSec=0');
      expect(files.filter(isSymlink).map((f) => f.path)).toContain(
        '/etc/systemd/system/multi-user.target.wants/systemd-journal-upload.service',
      );
    }
  });

  it('switches the sink on mon to plain HTTP on the activated socket, and only on mon', () => {
    const dropIn = text(renderJournalFiles('mon'), '/etc/systemd/system/systemd-journal-remote.service.d/faultline.conf');
    expect(dropIn).toMatch(/^ExecStart=\nExecStart=\/lib\/systemd\/systemd-journal-remote --listen-http=-3 --output=\/var\/log\/journal\/remote\/$/m);
    expect(renderJournalFiles('mon')).toContainEqual({
      path: '/etc/systemd/system/sockets.target.wants/systemd-journal-remote.socket',
      symlinkTo: '/lib/systemd/system/systemd-journal-remote.socket',
    });
    expect(renderJournalFiles('app').some((f) => f.path.includes('journal-remote'))).toBe(false);
  });
});
