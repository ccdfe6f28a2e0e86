import { EXIT_CODES, OK_EXIT } from '../../errors/index.js';
import { defineCommand } from '../command.js';
import { flag } from '../flags.js';
import { formatTable } from '../output.js';

export const reapCommand = defineCommand({
  name: 'reap',
  summary: 'Destroy every environment whose TTL has expired (for cron or a systemd timer)',
  usage: 'faultline reap [--dry-run] [--json]',
  maxPositionals: 0,
  flags: { 'dry-run': flag.boolean() },
  async run(_positionals, values, out) {
    const { reapExpired, reapLostRemotes } = await import('../../engine/reap.js');
    const dryRun = values['dry-run'] === true;
    // Then what the targets' backends (Pulumi stacks) hold for environments whose faultline state was lost.
    const outcomes = [...(await reapExpired({ dryRun, progress: out.progress })), ...(await reapLostRemotes({ dryRun, progress: out.progress }))];
    const failed = outcomes.some((o) => o.result === 'failed');
    if (out.jsonMode) {
      out.json({ version: 1, ok: !failed, dryRun, expired: outcomes });
    } else if (outcomes.length === 0) {
      out.info('no expired environments');
    } else {
      out.info(formatTable(['NAME', 'TARGET', 'EXPIRED AT', 'RESULT', 'NOTE'], outcomes.map((o) => [o.name, o.target, o.expiresAt, o.result, o.note ?? ''])));
    }
    // Reaping runs unattended: a failure must show in the exit status (cron mail, systemd unit state),
    // after every other environment was still tried and the outcome printed.
    return failed ? EXIT_CODES.COMMAND_FAILED : OK_EXIT;
  },
});
