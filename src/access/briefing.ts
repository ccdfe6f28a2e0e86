import { PORTS } from '../stack/topology.js';

export interface BriefingInput {
  /** Scenario title. */
  readonly title: string;
  /** Candidate-facing incident text (the scenario's `briefing`). */
  readonly incident: string;
  /** e.g. "45m". */
  readonly timebox: string;
  /** Machine names the candidate can reach, bastion first. */
  readonly machines: readonly string[];
  /** The exact command that opens a shell on the bastion. */
  readonly sshCommand: string;
  /** The ssh_config path, for the per-machine commands. */
  readonly sshConfigPath: string;
  /** Whether Loki runs on mon. */
  readonly loki?: boolean;
  /** 'ssh' (default) or 'teleport' with the tsh command to use instead. */
  readonly teleportCommand?: string;
  /** Teleport's web terminal, offered next to the tsh command. */
  readonly teleportWeb?: string;
  /** Where the candidate writes up each problem (see src/access/writeup.ts). */
  readonly writeup?: { readonly machine: string; readonly display: string; readonly problems: number };
}

/**
 * Render BRIEFING.md for the candidate: the incident, the timebox, how to get
 * in and hop between machines, where metrics, alerts and logs are, and that
 * sessions are recorded.
 */
export function renderBriefing(input: BriefingInput): string {
  const bastion = input.machines[0] ?? 'edge';
  const config = quoteForShell(input.sshConfigPath);
  const hop = input.machines.map((machine) => `- \`${machine}\`: \`ssh -F ${config} ${machine}\``).join('\n');
  const lines = [
    `# ${input.title}`,
    '',
    `**Timebox: ${input.timebox}.** Tell your interviewer what you see and what you think as you go; how you reason matters as much as the fix.`,
    '',
    '## The incident',
    '',
    input.incident.trim(),
    '',
    '## Getting in',
    '',
    input.teleportCommand
      ? `With Teleport: \`${input.teleportCommand}\`${input.teleportWeb ? `, or in the browser: ${input.teleportWeb}` : ''}. Or with plain SSH:`
      : 'Open a shell on the bastion:',
    '',
    '```',
    input.sshCommand,
    '```',
    '',
    `Every machine is reachable by name from this bundle (the others through \`${bastion}\`, with ProxyJump; no key is stored on the machines):`,
    '',
    hop,
    '',
    `Inside, machines also reach each other by name (\`curl app:${PORTS.appInstances[0]}\`). You are \`candidate\` with passwordless \`sudo\`.`,
    '',
    '## Observability',
    '',
    `- Prometheus on mon: \`curl -s mon:${PORTS.prometheus}/api/v1/query?query=up\`, alerts: \`curl -s mon:${PORTS.prometheus}/api/v1/alerts\``,
    `- Alertmanager: \`curl -s mon:${PORTS.alertmanager}/api/v2/alerts\``,
    `- Web UIs from your laptop: \`ssh -F ${config} -L ${PORTS.prometheus}:mon:${PORTS.prometheus} -L ${PORTS.alertmanager}:mon:${PORTS.alertmanager} ${bastion}\`, then open http://localhost:${PORTS.prometheus}`,
    '- Logs of every machine, collected on mon: `sudo journalctl -D /var/log/journal/remote -f` (or `-u <unit>`); local logs with `journalctl -u <unit>`',
    ...(input.loki ? [`- Loki on mon: \`curl -sG mon:${PORTS.loki}/loki/api/v1/query_range --data-urlencode 'query={unit="nginx.service"}'\``] : []),
    '',
    ...(input.writeup ? renderWriteupSection(input.writeup) : []),
    '## Good to know',
    '',
    '- Your SSH sessions (what is shown on your terminal and what you type) are recorded for the interview debrief.',
    ...(input.teleportCommand ? ['- Sessions through Teleport are also recorded by Teleport itself (session recordings and audit log of the interviewer’s cluster).'] : []),
    '- The environment is yours alone and disposable: you cannot break anything that matters.',
    '',
  ];
  return lines.join('\n');
}

function renderWriteupSection(writeup: NonNullable<BriefingInput['writeup']>): string[] {
  const problems = writeup.problems === 1 ? 'the problem' : `each of the ${writeup.problems} problems`;
  return [
    '## Your write-up',
    '',
    `Before time is up, write half a page on ${problems} in \`${writeup.display}\` on \`${writeup.machine}\` (already there, with a template): what was wrong, how you resolved it, and what to do in future. It is collected with your sessions for the debrief.`,
    '',
  ];
}

/** Single-quote a word for a POSIX shell when it needs it. */
export function quoteForShell(word: string): string {
  return /^[A-Za-z0-9_./:@%+=-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
