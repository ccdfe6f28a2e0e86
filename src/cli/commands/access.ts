import { OK_EXIT } from '../../errors/index.js';
import { defineCommand } from '../command.js';
import { flag } from '../flags.js';
import { requireEnvRef } from './env-ref.js';

export const accessCommand = defineCommand({
  name: 'access',
  summary: 'Write the candidate’s access bundle (key, ssh_config, known_hosts, BRIEFING.md) and print the ssh command',
  usage: 'faultline access <env> [--out DIR] [--host H] [--json]',
  maxPositionals: 1,
  flags: { out: flag.string(), host: flag.string() },
  async run(positionals, values, out) {
    const ref = requireEnvRef(this, positionals);
    const { resolveEnv } = await import('../../core/state-store.js');
    const { writeEnvBundle } = await import('../../engine/access/env-bundle.js');
    const { quoteForShell } = await import('../../access/briefing.js');
    const state = await resolveEnv(ref);
    const { loadConfig } = await import('../../engine/load-config.js');
    const { describeTeleport, servesAccessBundle } = await import('../../engine/access/teleport-access.js');
    const config = await loadConfig();
    const teleport = await describeTeleport(state, config);
    if (!servesAccessBundle(state, config) && teleport.command) {
      if (out.jsonMode) out.json({ version: 1, ok: true, environment: state.name, teleport });
      else {
        out.info(
          [
            `candidate access to ${state.name} through Teleport (sessions recorded by Teleport):`,
            '',
            `  ${teleport.command}`,
            ...(teleport.web ? [`  web terminal: ${teleport.web}`] : []),
            ...(teleport.note ? ['', `teleport: ${teleport.note}`] : []),
          ].join('\n'),
        );
      }
      return OK_EXIT;
    }
    const outDir = typeof values.out === 'string' ? values.out : `${state.name}-access`;
    const result = await writeEnvBundle(state, { outDir, host: typeof values.host === 'string' ? values.host : undefined, teleport });
    const { bundle } = result;
    if (out.jsonMode) {
      out.json({
        version: 1,
        ok: true,
        environment: state.name,
        outDir: bundle.outDir,
        sshCommand: bundle.sshCommand,
        bastion: result.bastion,
        machines: result.machines,
        files: bundle.files,
        fingerprints: result.fingerprints,
        teleport,
      });
      return OK_EXIT;
    }
    const sshConfig = quoteForShell(bundle.files.sshConfig);
    out.info(
      [
        `access bundle for ${state.name} in ${bundle.outDir}`,
        '',
        `  ${bundle.sshCommand}`,
        ...result.machines.filter((machine) => machine !== 'edge').map((machine) => `  ssh -F ${sshConfig} ${machine}    (through edge)`),
        '',
        `briefing: ${bundle.files.briefing}`,
        `edge: ${result.bastion.host}:${result.bastion.port}, candidate key ${result.fingerprints.candidate}`,
        'Hand the whole directory to the candidate: it holds their private key (id_ed25519).',
        ...(teleport.command ? ['', 'through Teleport (sessions also recorded by Teleport):', `  ${teleport.command}`, ...(teleport.web ? [`  web terminal: ${teleport.web}`] : [])] : []),
        ...(teleport.note ? ['', `teleport: ${teleport.note}`] : []),
      ].join('\n'),
    );
    return OK_EXIT;
  },
});
