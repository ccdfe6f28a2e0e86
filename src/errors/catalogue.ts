/**
 * Every error faultline reports: a stable code, the process exit status, and
 * a title saying what kind of problem it is. Exit statuses are grouped so
 * scripts can tell bad input (2x) from a missing or busy environment (3x),
 * host and preflight problems (4x), runtime failures (5x), Teleport set-up
 * (6x) and faultline's own bugs (70). README's exit-code table is rendered
 * from this list (tests/errors/catalogue.test.ts keeps them equal).
 */
export const ERROR_CATALOGUE = {
  USAGE: { exit: 2, title: 'usage: unknown command, flag or argument' },
  INVALID_SCENARIO: { exit: 20, title: 'invalid scenario file' },
  INVALID_CONFIG: { exit: 21, title: 'invalid config.yaml (or a setting the target cannot honour)' },
  INVALID_PARAMS: { exit: 22, title: 'invalid fault params' },
  UNKNOWN_FAULT: { exit: 23, title: 'unknown fault' },
  UNKNOWN_SCENARIO: { exit: 24, title: 'unknown scenario' },
  UNSUPPORTED_TARGET: { exit: 25, title: 'scenario does not support the target' },
  ENV_NOT_FOUND: { exit: 30, title: 'no such environment' },
  ENV_BUSY: { exit: 31, title: 'environment busy (another process holds it)' },
  POOL_RUNNING: { exit: 32, title: 'a pool server already runs for this home' },
  NOT_ROOT: { exit: 40, title: 'not root' },
  MISSING_HOST_PACKAGES: { exit: 41, title: 'host packages missing' },
  PREFLIGHT: { exit: 42, title: 'preflight (also: the aws node would be unreachable)' },
  NO_ADDRESS_SPACE: { exit: 43, title: 'no free subnet or port' },
  OUTPUT_NOT_WRITABLE: { exit: 44, title: 'output not writable' },
  PULUMI_MISSING: { exit: 45, title: 'no pulumi CLI' },
  AWS_CREDENTIALS_MISSING: { exit: 46, title: 'no AWS credentials' },
  AWS_REGION_MISSING: { exit: 47, title: 'no AWS region' },
  KUBECONFIG_MISSING: { exit: 48, title: 'kubeconfig or context missing' },
  USERNS_UNAVAILABLE: { exit: 49, title: 'user namespaces unavailable (config `local.userNamespace: false` opts out)' },
  PROVISION_FAILED: { exit: 50, title: 'provisioning failed' },
  BASELINE_GATE_FAILED: { exit: 51, title: 'baseline gate failed' },
  SYMPTOM_GATE_FAILED: { exit: 52, title: 'symptom gate failed' },
  CHECK_FAILED: { exit: 53, title: 'check: not fixed yet' },
  SELFTEST_FAILED: { exit: 54, title: 'selftest failed' },
  FAULT_FAILED: { exit: 55, title: 'fault operation failed' },
  COMMAND_FAILED: { exit: 56, title: 'command failed' },
  TIMEOUT: { exit: 57, title: 'timeout' },
  CLOUD_FAILED: { exit: 58, title: 'cloud operation failed' },
  TELEPORT_MATERIAL_MISSING: { exit: 60, title: 'Teleport CA or host-certificate material missing or unreadable' },
  TCTL_MISSING: { exit: 61, title: 'tctl needed but not found' },
  TELEPORT_ADDRESS_UNREACHABLE: { exit: 62, title: 'an address the Teleport proxy cannot reach (loopback)' },
} as const satisfies Record<string, { readonly exit: number; readonly title: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** Exit status of an unexpected error (a faultline bug). */
export const INTERNAL_ERROR_EXIT = 70;
/** The exit status of a command that did what was asked. */
export const OK_EXIT = 0;

/** Exit status by code. */
export const EXIT_CODES = Object.fromEntries(Object.entries(ERROR_CATALOGUE).map(([code, entry]) => [code, entry.exit])) as {
  readonly [K in ErrorCode]: (typeof ERROR_CATALOGUE)[K]['exit'];
};

/** README's exit-code table, from the catalogue. */
export function renderExitCodeTable(): string {
  const rows = Object.entries(ERROR_CATALOGUE)
    .map(([code, entry]) => ({ code, ...entry }))
    .sort((a, b) => a.exit - b.exit)
    .map((e) => `| \`${e.exit}\` | \`${e.code}\` | ${e.title} |`);
  return ['| exit | code | what |', '| --- | --- | --- |', '| `0` | | ok |', ...rows, `| \`${INTERNAL_ERROR_EXIT}\` | | internal error (a faultline bug) |`].join('\n');
}
