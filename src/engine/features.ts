/**
 * Optional features register their hooks and machine files when loaded.
 * Kept in one place so the engine's import graph stays explicit.
 */
let loaded = false;

export async function loadFeatures(): Promise<void> {
  if (loaded) return;
  loaded = true;
  (await import('./access/register-access.js')).registerCandidateAccess();
  // After access: its beforeDestroy hook collects the sessions this one archives.
  (await import('./seat/register-seat.js')).registerSeat();
}
