import { describe, expect, it } from 'vitest';
import { parseJournalLine } from '../../../app/log-shipper/journal-entry.js';

const entry = (fields: Record<string, unknown>) =>
  JSON.stringify({ __CURSOR: 's=1;i=2', __REALTIME_TIMESTAMP: '1767261600123456', _HOSTNAME: 'app', ...fields });

describe('parseJournalLine', () => {
  it('turns a journal entry into a nanosecond timestamp, unit and message', () => {
    expect(parseJournalLine(entry({ MESSAGE: 'listening', _SYSTEMD_UNIT: 'orders@1.service' }))).toEqual({
      tsNs: '1767261600123456000',
      unit: 'orders@1.service',
      line: 'listening',
      cursor: 's=1;i=2',
    });
  });

  it('decodes a message journald stored as a byte array', () => {
    const bytes = [...Buffer.from('caf\u00e9 \u2713')];
    expect(parseJournalLine(entry({ MESSAGE: bytes, _SYSTEMD_UNIT: 'x.service' }))?.line).toBe('caf\u00e9 \u2713');
  });

  it('falls back to the syslog identifier, then the transport, for the unit', () => {
    expect(parseJournalLine(entry({ MESSAGE: 'm', SYSLOG_IDENTIFIER: 'sshd' }))?.unit).toBe('sshd');
    expect(parseJournalLine(entry({ MESSAGE: 'm', _TRANSPORT: 'kernel' }))?.unit).toBe('kernel');
    expect(parseJournalLine(entry({ MESSAGE: 'm' }))?.unit).toBe('unknown');
  });

  it.each([
    ['text that is not JSON', '-- No entries --'],
    ['a JSON array', '[1,2]'],
    ['an entry without a message', entry({ MESSAGE: null })],
    ['an entry without a timestamp', JSON.stringify({ MESSAGE: 'm' })],
    ['an entry with a malformed timestamp', entry({ MESSAGE: 'm', __REALTIME_TIMESTAMP: '12:00' })],
  ])('skips %s', (_name, line) => {
    expect(parseJournalLine(line)).toBeUndefined();
  });
});
