import type { BenchHome } from './bench-home.js';
import type { Cleanup } from './cleanup.js';
import type { BenchOptions } from './options.js';

/** What every measurement gets: the options, the bench's own FAULTLINE_HOME, progress and cleanup. */
export interface BenchContext {
  readonly options: BenchOptions;
  readonly home: BenchHome;
  /** One line to stderr (stdout is for the report). */
  readonly progress: (line: string) => void;
  readonly cleanup: Cleanup;
}
