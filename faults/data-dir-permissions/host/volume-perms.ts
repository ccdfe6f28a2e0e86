import { shellQuote } from '../../shared/exec-checked.js';
import type { DataDirPermissionsParams } from './params.js';

/** One file or directory of the data volume: owner, group, octal mode, path. */
export interface PathPerms {
  readonly user: string;
  readonly group: string;
  readonly mode: number;
  readonly type: 'd' | 'f';
  readonly path: string;
}

/** Bash listing every directory and regular file of `dir` as `type user group mode path`. */
export function listPermsScript(dir: string): string {
  return `find ${shellQuote(dir)} -xdev \\( -type d -o -type f \\) -printf '%y %u %g %m %p\\n'\n`;
}

/** Parse `listPermsScript` output. */
export function parsePerms(stdout: string): PathPerms[] {
  return stdout
    .split('\n')
    .map((line) => /^([df]) (\S+) (\S+) ([0-7]+) (.+)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ type: m[1] as 'd' | 'f', user: m[2] ?? '', group: m[3] ?? '', mode: parseInt(m[4] ?? '0', 8), path: m[5] ?? '' }));
}

/**
 * What is wrong with the volume for a service running as `owner`: every path
 * must belong to owner:owner, be writable by it (directories also
 * searchable), and grant nothing to others (it is customer data).
 */
export function permsProblems(perms: readonly PathPerms[], owner: string): string[] {
  const problems: string[] = [];
  for (const p of perms) {
    const mode = p.mode.toString(8).padStart(4, '0');
    if (p.user !== owner || p.group !== owner) problems.push(`${p.path} is ${p.user}:${p.group}`);
    const needed = p.type === 'd' ? 0o700 : 0o600;
    if ((p.mode & needed) !== needed) problems.push(`${p.path} is mode ${mode} (${owner} cannot ${p.type === 'd' ? 'create files in it' : 'write it'})`);
    if ((p.mode & 0o007) !== 0) problems.push(`${p.path} is mode ${mode} (open to every user on the host)`);
  }
  return problems;
}

/** The "maintenance" change, as a shell script on app. */
export function breakScript(dir: string, params: DataDirPermissionsParams): string {
  const d = shellQuote(dir);
  return params.variant === 'owner'
    ? `chown -R ${params.owner}: ${d}\n`
    : `chmod -R a-w ${d}\n`;
}

/** Put recorded owners and modes back (paths that no longer exist are skipped). */
export function restoreScript(perms: readonly PathPerms[]): string {
  return perms
    .map((p) => {
      const path = shellQuote(p.path);
      return `[ -e ${path} ] && chown ${shellQuote(`${p.user}:${p.group}`)} ${path} && chmod ${p.mode.toString(8)} ${path}`;
    })
    .join('\n')
    .concat('\ntrue\n');
}
