import { execa } from 'execa';
import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { BIN, type CliResult } from '../../support/faultline-cli.js';

/** Sources for config.yaml (the reserved .invalid domain: never contacted). */
export const TEST_SOURCES = `sources:
  k3sInstallScript: https://k3s.invalid/install.sh
  prometheusCommunityCharts: https://charts.invalid/prometheus-community
  grafanaCharts: https://charts.invalid/grafana
  grafanaCommunityCharts: https://charts.invalid/grafana-community
`;

/**
 * A sealed host for the cloud commands: its own HOME and FAULTLINE_HOME, a
 * PATH of node plus the system dirs (plus `bin/` for stand-in tools), and no
 * inherited AWS_* / KUBECONFIG / PULUMI_* variables.
 */
export async function createCloudHost(): Promise<{ root: string; home: string; bin: string; run: (args: readonly string[]) => Promise<CliResult> }> {
  const root = await mkdtemp(join(tmpdir(), 'faultline-cloud-'));
  const home = join(root, 'faultline');
  const bin = join(root, 'bin');
  await mkdir(bin, { recursive: true });
  const run = async (args: readonly string[]): Promise<CliResult> => {
    const result = await execa('node', [BIN, ...args], {
      env: { PATH: [bin, dirname(process.execPath), '/usr/bin', '/bin'].join(':'), HOME: root, FAULTLINE_HOME: home },
      extendEnv: false,
      reject: false,
      timeout: 120_000,
    });
    return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
  };
  return { root, home, bin, run };
}

/** A stand-in executable (a tiny real shell script) in `dir`. */
export async function writeTool(dir: string, name: string, script: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, `#!/bin/sh\n${script}\n`);
  await chmod(path, 0o755);
  return path;
}

/** Write a valid scenario that lists only the local target into `dir`; returns its path. */
export async function writeLocalOnlyScenario(dir: string): Promise<string> {
  const path = join(dir, 'local-only.yaml');
  await writeFile(
    path,
    'id: local-only\ntitle: Local only\nlevel: 1\nsummary: runs on the local target only\nbriefing: nothing to see here\ntargets: [local]\ndebrief: { rootCause: none }\n',
  );
  return path;
}
