// Time for the activity modules, so their tests move it by hand instead of waiting.

export interface Timer {
  cancel(): void;
}

export interface Clock {
  now(): number;
  /** Runs `callback` once after `ms`; never keeps the process alive. */
  after(ms: number, callback: () => void): Timer;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  after(ms, callback) {
    const timer = setTimeout(callback, Math.max(0, ms));
    timer.unref?.();
    return { cancel: () => clearTimeout(timer) };
  },
};
