// A clock the activity tests move by hand: timers run when `advance` passes their time, in order.
import type { Clock, Timer } from '../../src/activity/clock';

export class FakeClock implements Clock {
  private timers: { at: number; callback: () => void; cancelled: boolean }[] = [];

  constructor(public time = Date.UTC(2026, 10, 29, 14, 5, 0)) {}

  now(): number {
    return this.time;
  }

  after(ms: number, callback: () => void): Timer {
    const timer = { at: this.time + Math.max(0, ms), callback, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => (timer.cancelled = true) };
  }

  /** Moves time on by `ms`, running every timer due on the way. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = this.timers.filter((timer) => !timer.cancelled && timer.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      due.cancelled = true;
      this.time = Math.max(this.time, due.at);
      due.callback();
    }
    this.time = end;
    this.timers = this.timers.filter((timer) => !timer.cancelled);
  }

  /** Timers still waiting. */
  get pending(): number {
    return this.timers.filter((timer) => !timer.cancelled).length;
  }
}
