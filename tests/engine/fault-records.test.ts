import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFaultRecords } from '../../src/engine/fault-records.js';
import { createTestHome } from '../support/test-home.js';

const home = createTestHome();
process.env.FAULTLINE_HOME = home.home;
afterAll(() => home.remove());

describe('fault records', () => {
  it('keeps each fault instance’s values in the environment directory on the host', async () => {
    const records = createFaultRecords('env-a', 'disk-pressure', 0);
    await records.write('journal-fingerprint', { lines: 3 });
    expect(await records.read('journal-fingerprint')).toEqual({ lines: 3 });
    expect(existsSync(join(home.home, 'envs', 'env-a', 'faults', '0-disk-pressure-journal-fingerprint.json'))).toBe(true);
    expect(await createFaultRecords('env-a', 'disk-pressure', 1).read('journal-fingerprint')).toBeUndefined();
  });

  it('reads undefined after remove, and remove is idempotent', async () => {
    const records = createFaultRecords('env-b', 'x', 0);
    await records.write('k', 1);
    await records.remove('k');
    await records.remove('k');
    expect(await records.read('k')).toBeUndefined();
  });

  it('refuses a key that could escape the directory', async () => {
    await expect(createFaultRecords('env-c', 'x', 0).write('../../etc/passwd', 1)).rejects.toMatchObject({ code: 'FAULT_FAILED' });
  });
});
