import { join } from 'node:path';
import { homePaths, faultlineHome } from '../../core/paths.js';
import type { MachineFilesSource } from '../../core/target.js';
import type { Config } from '../../schema/config.js';
import type { LocalEnvState } from '../../schema/state.js';
import { bundleApps, APP_BUNDLES } from '../../stack/bundle.js';
import { generateEnvironmentPki } from '../../stack/pki.js';
import { visibleEnvName } from '../../stack/render/hosts.js';
import { renderRoleFiles } from '../../stack/render/index.js';
import type { RenderedFile } from '../../stack/render/rendered-file.js';
import { parseStackInput } from '../../stack/render/stack-input.js';
import { ROLES, type Role } from '../../stack/topology.js';
import { locateLoki } from './locate-loki.js';
import { testBreakFiles } from './test-hooks.js';

const extraFileSources: MachineFilesSource[] = [];

/** Register a source of extra machine files (called once at startup by features such as SSH access). */
export function addMachineFiles(source: MachineFilesSource): void {
  extraFileSources.push(source);
}

/** The environment's PKI on the host (CA key and certificate, issued certificates); machines get copies. */
export function envPkiDir(envName: string): string {
  return join(homePaths.env(envName), 'pki');
}

/**
 * Everything seeded into each machine before first boot: the stack's
 * rendered configs (with a fresh per-environment CA), the bundled programs,
 * and files from registered features (given the base image, whose account
 * files they may read).
 */
export async function renderMachineFiles(state: LocalEnvState, config: Config, image: { readonly rootfs: string }): Promise<Map<Role, RenderedFile[]>> {
  const edge = state.machines.find((m) => m.role === 'edge');
  // Machines see a neutral name: state.name carries the scenario id (the answer).
  const visibleName = visibleEnvName(state.id);
  const pki = await generateEnvironmentPki(envPkiDir(state.name), {
    envName: visibleName,
    edgeAddress: edge?.address ?? `${state.subnet}.10`,
  });
  const loki = await locateLoki(config.local.loki);
  const input = parseStackInput({
    envId: state.id,
    envName: visibleName,
    subnetBase: state.subnet,
    scenario: state.scenario,
    candidate: state.candidate,
    pki: { caCertPem: pki.ca.certPem, edgeCertPem: pki.edge.certPem, edgeKeyPem: pki.edge.keyPem },
    ...(loki ? { loki: { binaryPath: loki } } : {}),
  });
  const bundles = await bundleApps(join(faultlineHome(), 'bundles'));
  const programs: RenderedFile[] = APP_BUNDLES.map((name) => ({
    path: `/opt/faultline/${name}.js`,
    copyFrom: bundles.files[name],
    mode: 0o644,
  }));
  const extras = [...(await Promise.all(extraFileSources.map((source) => source(state, image)))), testBreakFiles()];
  const files = new Map<Role, RenderedFile[]>();
  for (const role of ROLES) {
    files.set(role, [...renderRoleFiles(role, input), ...programs, ...extras.flatMap((extra) => extra.get(role) ?? [])]);
  }
  return files;
}
