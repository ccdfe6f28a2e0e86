export { FaultlineError, EXIT_CODES, isFaultlineError } from './faultline-error.js';
export type { ErrorCode, FaultlineErrorOptions } from './faultline-error.js';
