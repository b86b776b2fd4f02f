// One open socket: the envelope identity of its user, and the outgoing pipeline with its faults
// (latency, drop-after, garbage-every).
import WebSocket from 'ws';
import type { AccountEntry } from './auth';
import { timestampMicros, type EnvelopeIdentity } from './envelope';

/** What `--garbage-every` sends: a text frame that is not JSON. */
export const GARBAGE_FRAME = '{"qbo-emulator": garbage frame, not JSON';

export interface Faults {
  latencyMs: number;
  dropAfter: number;
  garbageEvery: number;
}

export class ClientConnection implements EnvelopeIdentity {
  /** When the socket was accepted (integer microseconds, as every timestamp). */
  readonly connectedAt = timestampMicros();
  /** The last command line this client sent, and its command id (`clients` items). */
  lastCommand = '';
  lastCommandId = '';
  private sentCount = 0;
  private readonly queue: { due: number; text: string }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private dropped = false;

  constructor(
    readonly socket: WebSocket,
    readonly account: AccountEntry,
    readonly peer: string,
    readonly host: string,
    /** The Host header as sent (may carry a port). */
    readonly hostHeader: string,
    readonly wsi: string,
    /** The client's User-Agent header ('' when it sent none). */
    readonly agent: string,
    /** The server thread serving this socket (`clients` items). */
    readonly threadId: number,
    private readonly faults: Faults,
    /** What a hostile server (`--hostile`, hostile.ts) does to each message before it goes out. */
    private readonly rewrite?: (message: Record<string, unknown>) => Record<string, unknown>,
  ) {}

  get user(): string {
    return this.account.user;
  }

  /** Serialises now (so the message shows the state at this moment), sends now or after the latency. */
  send(message: Record<string, unknown>): void {
    if (this.dropped) return;
    const text = JSON.stringify(this.rewrite ? this.rewrite(message) : message);
    if (this.faults.latencyMs <= 0) {
      this.transmit(text);
      return;
    }
    this.queue.push({ due: Date.now() + this.faults.latencyMs, text });
    this.schedule();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
    this.dropped = true;
  }

  private schedule(): void {
    if (this.timer || this.queue.length === 0) return;
    const head = this.queue[0] as { due: number };
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        const now = Date.now();
        while (this.queue.length > 0 && (this.queue[0] as { due: number }).due <= now)
          this.transmit((this.queue.shift() as { text: string }).text);
        this.schedule();
      },
      Math.max(0, head.due - Date.now()),
    );
  }

  private transmit(text: string): void {
    if (this.dropped || this.socket.readyState !== WebSocket.OPEN) return;
    this.socket.send(text);
    this.sentCount++;
    const { dropAfter, garbageEvery } = this.faults;
    if (garbageEvery > 0 && this.sentCount % garbageEvery === 0) this.socket.send(GARBAGE_FRAME);
    if (dropAfter > 0 && this.sentCount >= dropAfter) {
      // Abnormal close (no close frame): the client sees 1006, as with a network failure.
      this.dispose();
      this.socket.terminate();
    }
  }
}
