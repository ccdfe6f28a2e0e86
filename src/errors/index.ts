export { FaultlineError, isFaultlineError } from './faultline-error.js';
export { ERROR_CATALOGUE, EXIT_CODES, INTERNAL_ERROR_EXIT, OK_EXIT, renderExitCodeTable } from './catalogue.js';
export type { ErrorCode } from './catalogue.js';
export type { FaultlineErrorOptions } from './faultline-error.js';
