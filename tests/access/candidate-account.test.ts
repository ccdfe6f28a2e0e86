import { describe, expect, it } from 'vitest';
import { addCandidateAccount, findGroupId } from '../../src/access/candidate-account.js';

/** Trimmed from a bookworm minbase image. */
const image = {
  passwd: 'root:x:0:0:root:/root:/bin/bash\n_apt:x:42:65534::/nonexistent:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n',
  group: 'root:x:0:\nadm:x:4:\nshadow:x:42:\nsystemd-journal:x:999:\nnogroup:x:65534:\n',
  shadow: 'root:*:19700:0:99999:7:::\n',
  gshadow: 'root:*::\nadm:*::\nshadow:*::\nsystemd-journal:!*::\n',
};

describe('addCandidateAccount', () => {
  it('adds the candidate with uid/gid 1000, a home, bash, and a password no one can use', () => {
    const account = addCandidateAccount(image, { now: new Date('2026-01-01T00:00:00Z') });
    expect(account).toMatchObject({ user: 'candidate', uid: 1000, gid: 1000, home: '/home/candidate', shell: '/bin/bash' });
    expect(account.files.passwd).toContain('candidate:x:1000:1000:faultline candidate:/home/candidate:/bin/bash\n');
    expect(account.files.group).toContain('candidate:x:1000:\n');
    expect(account.files.shadow).toContain(`candidate:*:${Math.floor(Date.parse('2026-01-01') / 86_400_000)}:0:99999:7:::\n`);
    expect(account.files.gshadow).toContain('candidate:!::\n');
  });

  it('adds the candidate to adm and systemd-journal so logs read without sudo', () => {
    const { files } = addCandidateAccount(image);
    expect(files.group).toContain('adm:x:4:candidate\n');
    expect(files.group).toContain('systemd-journal:x:999:candidate\n');
    expect(files.gshadow).toContain('systemd-journal:!*::candidate\n');
  });

  it('picks the next free id when 1000 is taken', () => {
    const taken = { ...image, passwd: `${image.passwd}debian:x:1000:1000::/home/debian:/bin/sh\n`, group: `${image.group}debian:x:1000:\nother:x:1001:\n` };
    expect(addCandidateAccount(taken).uid).toBe(1002);
  });

  it('is idempotent: a second pass changes nothing', () => {
    const once = addCandidateAccount(image);
    const twice = addCandidateAccount(once.files);
    expect(twice.files).toEqual(once.files);
    expect(twice.uid).toBe(once.uid);
  });

  it('refuses a user name that would corrupt the account files', () => {
    expect(() => addCandidateAccount(image, { user: 'x:0:0' })).toThrow(/not a valid Debian user name/);
  });
});

describe('findGroupId', () => {
  it('finds the shadow group that owns /etc/shadow', () => {
    expect(findGroupId(image.group, 'shadow')).toBe(42);
    expect(findGroupId(image.group, 'wheel')).toBeUndefined();
  });
});
