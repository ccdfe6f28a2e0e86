/**
 * A fault's bookkeeping (fingerprints, expected values, keys), kept on the
 * orchestrator's side — in the environment's directory — never inside the
 * machines, where a candidate with sudo could read or forge it.
 */
export interface FaultRecords {
  /** The JSON value stored under `key`, or undefined when there is none. */
  read(key: string): Promise<unknown>;
  /** Store `value` (JSON) under `key`, replacing what was there. */
  write(key: string, value: unknown): Promise<void>;
  /** Forget `key`. Idempotent. */
  remove(key: string): Promise<void>;
}
