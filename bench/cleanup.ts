/**
 * Teardown steps registered while the bench runs, run once (last registered
 * first) from `finally` or from the SIGINT/SIGTERM handler, whichever comes
 * first. A step that fails is reported and the others still run.
 */
export interface Cleanup {
  readonly add: (name: string, step: () => Promise<void>) => void;
  readonly run: () => Promise<void>;
}

/** A cleanup list; `log` receives one line per failing step. */
export function createCleanup(log: (line: string) => void): Cleanup {
  const steps: { name: string; step: () => Promise<void> }[] = [];
  let running: Promise<void> | undefined;
  return {
    add: (name, step) => void steps.push({ name, step }),
    run: () => {
      running ??= (async () => {
        for (const { name, step } of steps.reverse()) {
          await step().catch((error: unknown) => log(`cleanup ${name} failed: ${error instanceof Error ? error.message : String(error)}`));
        }
      })();
      return running;
    },
  };
}
