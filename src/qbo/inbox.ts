// Inbound frames, handled in time slices. A socket delivers what the kernel has buffered in one
// go (a listing arrives in 2 MB reads of 60+ frames), and handling them back to back stalled the
// extension host, and every other extension in it, for 100–500 ms on a large world. Frames wait
// here in order and are handled for at most `sliceMs` per event-loop turn; past `highWaterBytes`
// waiting, the socket is paused until the backlog is under `lowWaterBytes` (so a fast server
// cannot fill memory either). docs/PERFORMANCE.md, "The extension host's longest stall".

export interface InboxOptions<T> {
  handle(frame: T): void;
  /** Stop reading from the socket (backpressure) and start again. */
  pause(): void;
  resume(): void;
  /** Longest time spent handling frames in one turn, in ms (default 10). */
  sliceMs?: number;
  /** Pause reading once this many bytes wait (default 16 MiB), resume below lowWaterBytes (default 4 MiB). */
  highWaterBytes?: number;
  lowWaterBytes?: number;
  /** Runs the next slice in a later turn (default setImmediate: timers and I/O run in between). */
  later?: (run: () => void) => void;
  now?: () => number;
}

export class Inbox<T> {
  private frames: { frame: T; bytes: number }[] = [];
  /** Index of the next frame to handle (shifting an array per frame would copy it). */
  private head = 0;
  private waitingBytes = 0;
  private scheduled = false;
  private paused = false;
  private closed = false;

  constructor(private readonly options: InboxOptions<T>) {}

  get waiting(): number {
    return this.frames.length - this.head;
  }

  /** Queues a frame; it is handled in this turn's slice or a later one, in order. */
  push(frame: T, bytes: number): void {
    if (this.closed) return;
    this.frames.push({ frame, bytes });
    this.waitingBytes += bytes;
    if (!this.paused && this.waitingBytes > (this.options.highWaterBytes ?? 16 * 1024 * 1024)) {
      this.paused = true;
      this.options.pause();
    }
    if (!this.scheduled) {
      this.scheduled = true;
      (this.options.later ?? setImmediate)(() => this.drain());
    }
  }

  /** Handles every waiting frame now (the socket closed: what it delivered comes before the close). */
  flush(): void {
    while (!this.closed && this.head < this.frames.length) this.handleNext();
    this.compact();
  }

  /** Drops what waits and handles nothing more (the connection was closed on purpose). */
  clear(): void {
    this.closed = true;
    this.frames = [];
    this.head = 0;
    this.waitingBytes = 0;
  }

  private drain(): void {
    this.scheduled = false;
    const now = this.options.now ?? (() => performance.now());
    const start = now();
    const slice = this.options.sliceMs ?? 10;
    while (!this.closed && this.head < this.frames.length) {
      this.handleNext();
      if (now() - start >= slice) break;
    }
    this.compact();
    if (this.paused && this.waitingBytes < (this.options.lowWaterBytes ?? 4 * 1024 * 1024)) {
      this.paused = false;
      this.options.resume();
    }
    if (!this.closed && this.head < this.frames.length && !this.scheduled) {
      this.scheduled = true;
      (this.options.later ?? setImmediate)(() => this.drain());
    }
  }

  private handleNext(): void {
    const next = this.frames[this.head] as { frame: T; bytes: number };
    this.frames[this.head] = undefined as unknown as { frame: T; bytes: number };
    this.head++;
    this.waitingBytes -= next.bytes;
    this.options.handle(next.frame);
  }

  private compact(): void {
    if (this.head === 0) return;
    if (this.head >= this.frames.length) {
      this.frames = [];
      this.head = 0;
    } else if (this.head > 1024) {
      this.frames = this.frames.slice(this.head);
      this.head = 0;
    }
  }
}
