import { defineConfig } from 'vitest/config';

/**
 * Two projects: fast tests run in parallel; integration tests boot real
 * environments (systemd-nspawn) and run one file at a time, since each
 * environment is four machines on a 2-core host. Results also go to
 * test-results.json, from which .ci/run prints its `N passed, N failed` line.
 */
export default defineConfig({
  test: {
    reporters: ['default', ['json', { outputFile: 'test-results.json' }]],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/integration/**', 'node_modules/**'],
          sequence: { groupOrder: 0 },
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          // After the unit tests, one file at a time: each boots real machines on a 2-core host.
          sequence: { groupOrder: 1 },
          fileParallelism: false,
          maxWorkers: 1,
          testTimeout: 600_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
