import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A running `journalctl -f -o json`. */
export interface JournalReader {
  stop(): void;
}

/**
 * Follow the journal: `<journalctl> -f -o json --since now`, or
 * `--after-cursor=<cursor>` to resume without gaps after a restart. Calls
 * `onLine` per output line and `onExit` when journalctl ends.
 */
export function followJournal(
  journalctl: string,
  cursor: string | undefined,
  onLine: (line: string) => void,
  onExit: (reason: string) => void,
): JournalReader {
  const args = ['-f', '-o', 'json', ...(cursor === undefined ? ['--since', 'now'] : [`--after-cursor=${cursor}`])];
  const child = spawn(journalctl, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', onLine);
  let exited = false;
  const exit = (reason: string): void => {
    if (exited) return;
    exited = true;
    onExit(reason);
  };
  child.on('error', (error) => exit(error.message));
  child.on('close', (code, signal) => exit(signal === null ? `exited with code ${code ?? '?'}` : `killed by ${signal}`));
  return { stop: () => child.kill('SIGTERM') };
}
