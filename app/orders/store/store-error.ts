import { describeError } from '../../shared/json-logger.js';

/** A backend the orders service writes to. */
export type Backend = 'disk' | 'etcd' | 'trace';

/** A failed read or write on one backend, with the errno-style code (ENOSPC, ECONNREFUSED, ...). */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code: string;

  constructor(
    readonly backend: Backend,
    cause: unknown,
  ) {
    const { code, message } = describeError(cause);
    super(`${backend}: ${message}`, { cause });
    this.code = code;
  }
}
