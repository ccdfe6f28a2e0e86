import { registerHook } from '../hooks.js';
import { saveForReport } from './save-for-report.js';

let registered = false;

/** Wire the interviewer's seat into the life cycle: before machines are destroyed, keep what the report needs. */
export function registerSeat(): void {
  if (registered) return;
  registered = true;
  registerHook('beforeDestroy', async (state, handles, progress) => {
    await saveForReport(state, handles, progress);
  });
}
