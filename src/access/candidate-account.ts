import { FaultlineError } from '../errors/index.js';
import { CANDIDATE_USER } from './access-paths.js';

/** The account databases of a machine image, as text. */
export interface AccountFiles {
  readonly passwd: string;
  readonly group: string;
  readonly shadow: string;
  readonly gshadow: string;
}

export interface CandidateAccountOptions {
  readonly user?: string;
  /** Preferred uid/gid; the next free id ≥ 1000 is used when taken. */
  readonly preferredId?: number;
  /**
   * Existing groups to add the user to. Default `adm` and `systemd-journal`, so
   * `journalctl` and /var/log read without sudo, as for a real on-call engineer.
   */
  readonly groups?: readonly string[];
  /** For the shadow "last changed" field (days since epoch). */
  readonly now?: Date;
}

export interface CandidateAccount {
  readonly user: string;
  readonly uid: number;
  readonly gid: number;
  readonly home: string;
  readonly shell: string;
  /** The files with the user added (unchanged where it already existed). */
  readonly files: AccountFiles;
}

/**
 * Add the candidate to an image's passwd/group/shadow/gshadow, for seeding an
 * overlay upper dir before first boot (no useradd, no sysusers at boot, and
 * the uid is known up front so the home dir can be chowned on the host).
 * Idempotent: an existing user keeps its ids. The shadow password is `*`
 * (no password can match, but the account is not locked, so public-key
 * logins pass PAM's account checks).
 */
export function addCandidateAccount(files: AccountFiles, options: CandidateAccountOptions = {}): CandidateAccount {
  const user = options.user ?? CANDIDATE_USER;
  if (!/^[a-z_][a-z0-9_-]{0,31}$/.test(user)) throw new FaultlineError('INVALID_PARAMS', `User name ${JSON.stringify(user)} is not a valid Debian user name.`);
  const home = `/home/${user}`;
  const shell = '/bin/bash';
  const passwd = parseTable(files.passwd);
  const group = parseTable(files.group);

  const existing = passwd.find((fields) => fields[0] === user);
  let uid: number;
  let gid: number;
  let next: AccountFiles = files;
  if (existing) {
    uid = Number(existing[2]);
    gid = Number(existing[3]);
  } else {
    const taken = new Set([...passwd.map((fields) => Number(fields[2])), ...group.map((fields) => Number(fields[2]))]);
    let id = options.preferredId ?? 1000;
    while (taken.has(id)) id += 1;
    uid = id;
    gid = id;
    const days = Math.floor((options.now ?? new Date()).getTime() / 86_400_000);
    next = {
      passwd: appendLine(files.passwd, `${user}:x:${uid}:${gid}:faultline candidate:${home}:${shell}`),
      group: group.some((fields) => fields[0] === user) ? files.group : appendLine(files.group, `${user}:x:${gid}:`),
      shadow: files.shadow.split('\n').some((line) => line.startsWith(`${user}:`)) ? files.shadow : appendLine(files.shadow, `${user}:*:${days}:0:99999:7:::`),
      gshadow: files.gshadow.split('\n').some((line) => line.startsWith(`${user}:`)) ? files.gshadow : appendLine(files.gshadow, `${user}:!::`),
    };
  }
  for (const name of options.groups ?? ['adm', 'systemd-journal']) {
    next = { ...next, group: addMember(next.group, name, user, 3), gshadow: addMember(next.gshadow, name, user, 3) };
  }
  return { user, uid, gid, home, shell, files: next };
}

/** The gid of a group in a group file (e.g. `shadow`, which owns /etc/shadow), or undefined. */
export function findGroupId(groupText: string, name: string): number | undefined {
  const fields = parseTable(groupText).find((row) => row[0] === name);
  return fields ? Number(fields[2]) : undefined;
}

function parseTable(text: string): string[][] {
  return text
    .split('\n')
    .filter((line) => line.trim().length > 0 && !line.startsWith('#'))
    .map((line) => line.split(':'));
}

function appendLine(text: string, line: string): string {
  return `${text}${text.length === 0 || text.endsWith('\n') ? '' : '\n'}${line}\n`;
}

/** Add `user` to the member list (field `index`) of group `name`, when the group exists. */
function addMember(text: string, name: string, user: string, index: number): string {
  return text
    .split('\n')
    .map((line) => {
      const fields = line.split(':');
      if (fields[0] !== name || fields.length <= index) return line;
      const members = (fields[index] ?? '').split(',').filter(Boolean);
      if (!members.includes(user)) members.push(user);
      fields[index] = members.join(',');
      return fields.join(':');
    })
    .join('\n');
}
