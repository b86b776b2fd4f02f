// `qbo.tasks.timeoutSeconds`: how long a qbo task (and the API's waitForCluster by default) waits
// in all. The manifest range-checks it in the Settings UI; a hand-edited settings.json can still say
// anything, so the value is checked here too. Pure.

export const DEFAULT_TASK_TIMEOUT_SECONDS = 600;
export const MIN_TASK_TIMEOUT_SECONDS = 5;
export const MAX_TASK_TIMEOUT_SECONDS = 86_400;

/** The setting's value in seconds: the default for anything not a number, else clamped to the range. */
export function taskTimeoutSeconds(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return DEFAULT_TASK_TIMEOUT_SECONDS;
  return Math.min(MAX_TASK_TIMEOUT_SECONDS, Math.max(MIN_TASK_TIMEOUT_SECONDS, value));
}
