import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { envStateSchema, type EnvState } from '../../../src/schema/state.js';

/**
 * A local environment written by hand under `home` (no machines run): state
 * in phase ready with a published port recorded, and the baseline scenario.
 * Used by the access/sessions/play command tests.
 */
export async function writeAccessEnv(home: string, overrides: Partial<EnvState> = {}): Promise<EnvState> {
  const id = 'a0c3e5';
  const name = `baseline-ada-${id}`;
  const scenarioPath = join(home, 'scenarios', 'baseline.yaml');
  await mkdir(join(home, 'scenarios'), { recursive: true });
  await writeFile(
    scenarioPath,
    [
      'id: baseline',
      'title: Orders is slow for some customers',
      'level: 1',
      'summary: Nothing is broken; the interviewer checks the candidate finds their way.',
      'briefing: Customers report that checkout sometimes hangs. Look around and tell us what you see.',
      'targets: [local]',
      'faults: []',
      'timebox: 25m',
      'debrief:',
      '  rootCause: none',
      '  goodLooksLike: [Looks at metrics first.]',
      '',
    ].join('\n'),
  );
  const state = envStateSchema.parse({
    version: 1,
    id,
    name,
    scenario: 'baseline',
    scenarioPath,
    candidate: 'ada',
    seed: 7,
    target: 'local',
    createdAt: '2025-03-04T09:58:00.000Z',
    readyAt: '2025-03-04T10:00:00.000Z',
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    phase: 'ready',
    subnet: '10.254.251',
    bridge: `flb-${id}`,
    machines: [],
    access: { bindAddress: '127.0.0.1', port: 2234 },
    ...overrides,
  });
  await mkdir(join(home, 'envs', name), { recursive: true });
  await writeFile(join(home, 'envs', name, 'state.json'), `${JSON.stringify(state, null, 2)}\n`);
  return state;
}
