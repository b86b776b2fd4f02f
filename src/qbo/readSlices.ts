// Keeps one socket's burst of frames from holding the event loop. Node reads a busy socket up to
// 32 times (2 MB) per turn, and every frame is parsed and applied as it is read: a 20,000-pod
// listing then holds the loop for 30–130 ms at a time, and another profile's pushes (or the view
// asking for rows) wait behind it (docs/PERFORMANCE.md, "Two profiles"). After `sliceMs` of frames
// in one turn the socket is paused until the next turn; a paused socket buffers, so no frame is
// dropped or reordered.

/** Long enough that a listing pays almost nothing for the turns; short against the 50 ms budget. */
export const READ_SLICE_MS = 8;

export interface Pausable {
  pause(): void;
  resume(): void;
}

export interface ReadSliceOptions {
  sliceMs?: number;
  now?: () => number;
  /** Runs `callback` at the next turn of the event loop, after pending I/O (setImmediate). */
  nextTurn?: (callback: () => void) => void;
}

export class ReadSlices {
  private sliceStartedAt: number | undefined;
  private paused = false;
  private disposed = false;
  private readonly sliceMs: number;
  private readonly now: () => number;
  private readonly nextTurn: (callback: () => void) => void;

  constructor(
    private readonly socket: Pausable,
    options: ReadSliceOptions = {},
  ) {
    this.sliceMs = options.sliceMs ?? READ_SLICE_MS;
    this.now = options.now ?? (() => performance.now());
    this.nextTurn = options.nextTurn ?? ((callback) => void setImmediate(callback));
  }

  /** Handles one frame; pauses the socket once this turn's frames have taken `sliceMs`. */
  handle(frame: () => void): void {
    if (this.sliceStartedAt === undefined) {
      this.sliceStartedAt = this.now();
      this.nextTurn(() => this.endSlice());
    }
    try {
      frame();
    } finally {
      if (!this.paused && !this.disposed && this.now() - this.sliceStartedAt >= this.sliceMs) {
        this.paused = true;
        this.socket.pause();
      }
    }
  }

  /** The socket is gone: never resume it. */
  dispose(): void {
    this.disposed = true;
  }

  private endSlice(): void {
    this.sliceStartedAt = undefined;
    if (!this.paused) return;
    this.paused = false;
    if (!this.disposed) this.socket.resume();
  }
}
