/** A stop request from SIGTERM/SIGINT, and a sleep that a stop request cuts short. */
export interface StopSignal {
  readonly requested: boolean;
  sleep(ms: number): Promise<void>;
  dispose(): void;
}

export function listenForStop(onStop: (signal: NodeJS.Signals) => void = () => undefined): StopSignal {
  let requested = false;
  let wake: (() => void) | undefined;
  const handler = (signal: NodeJS.Signals): void => {
    requested = true;
    onStop(signal);
    wake?.();
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
  return {
    get requested() {
      return requested;
    },
    sleep: (ms) =>
      requested
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, ms);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          }),
    dispose: () => {
      process.off('SIGTERM', handler);
      process.off('SIGINT', handler);
    },
  };
}
