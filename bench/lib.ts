// Shared helpers of the benchmark: the emulator child process, sessions against it, statistics.
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type WebSocket from 'ws';
import { parseCliJson, type QboCredentials } from '../src/qbo/credentials';
import { QboSession, type Logger } from '../src/session/session';
import { SESSION_COALESCE_MS } from './constants';
import type { HostReply, HostRequest, HostWorld, StartResult } from './emulatorHost';

export const BENCH_DIR = path.resolve(__dirname, '..', '..', 'bench');

export const silentLogger: Logger = { trace: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type Request = DistributiveOmit<HostRequest, 'id'>;

/** The emulator in a child process on 127.0.0.1, at speed 0, with one benchmark account. */
export class EmulatorHost {
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  readonly child: ChildProcess;
  credentials!: QboCredentials;
  /** The account's cli.json, as the vendor CLI would keep it in ~/.qbo/cli.json. */
  cliJson: unknown;
  url = '';

  private constructor(readonly world: HostWorld) {
    this.child = fork(path.join(__dirname, 'emulatorHost.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (reply: HostReply) => {
      const waiter = this.waiting.get(reply.id);
      if (!waiter) return;
      this.waiting.delete(reply.id);
      if (reply.ok) waiter.resolve(reply.result);
      else waiter.reject(new Error(`emulator host: ${reply.error}`));
    });
    this.child.on('exit', (code) => {
      for (const waiter of this.waiting.values()) waiter.reject(new Error(`emulator host exited (${code})`));
      this.waiting.clear();
    });
  }

  static async start(world: HostWorld): Promise<EmulatorHost> {
    const host = new EmulatorHost(world);
    // Building the huge world takes seconds on a busy machine.
    const started = (await host.call({ op: 'start', world }, 180_000)) as StartResult;
    host.url = started.url;
    host.cliJson = started.cliJson;
    host.credentials = parseCliJson(started.cliJson, `bench ${world} emulator`);
    if (host.credentials.host !== '127.0.0.1') throw new Error(`the bench only talks to 127.0.0.1, not ${host.credentials.host}`);
    return host;
  }

  call(request: Request, timeoutMs = 30_000): Promise<unknown> {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`emulator host: ${request.op} timed out`));
      }, timeoutMs);
      this.waiting.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.child.send({ ...request, id });
    });
  }

  /**
   * The host's wall clock minus this process's (`performance.timeOrigin` of two processes can
   * differ by a fraction of a millisecond): from the IPC round trip with the smallest delay.
   */
  async clockOffset(samples = 30): Promise<number> {
    let best = { roundTrip: Number.POSITIVE_INFINITY, offset: 0 };
    for (let i = 0; i < samples; i++) {
      const sent = wallClock();
      const hostTime = (await this.call({ op: 'clock' })) as number;
      const received = wallClock();
      if (received - sent < best.roundTrip) best = { roundTrip: received - sent, offset: hostTime - (sent + received) / 2 };
    }
    return best.offset;
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    await this.call({ op: 'close' }, 5_000).catch(() => this.child.kill('SIGKILL'));
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

/** A QboSession as the extension makes one (its 10 ms coalescing), against the bench emulator. */
export function benchSession(credentials: QboCredentials, requestTimeoutMs = 60_000): QboSession {
  return new QboSession({
    profile: { name: 'bench', host: credentials.host, port: credentials.port },
    credentials,
    logger: silentLogger,
    requestTimeoutMs,
    coalesceMs: SESSION_COALESCE_MS,
    connection: { pingIntervalMs: 600_000 },
  });
}

/** Starts a session and resolves when every kind is listed; rejects after `timeoutMs`. */
export async function startAndWaitReady(session: QboSession, timeoutMs = 60_000): Promise<void> {
  session.start();
  if (!(await session.whenReady(timeoutMs))) throw new Error(`session not ready after ${timeoutMs} ms (status ${session.status.kind})`);
}

/**
 * The session's WebSocket. It is private to QboConnection; the bench reads it only to timestamp
 * frames on arrival (before parsing), and fails loudly if the field is ever renamed.
 */
export function socketOf(session: QboSession): WebSocket {
  const socket = (session.connection as unknown as { socket?: WebSocket }).socket;
  if (!socket || typeof socket.prependListener !== 'function') throw new Error('QboConnection.socket not found: update bench/lib.ts');
  return socket;
}

// -- event-loop stalls ---------------------------------------------------------------------------

/**
 * The longest time this process's event loop could not run a timer while `work` ran: what an
 * extension host doing the same work would make every other extension (and VS Code's own calls
 * into it) wait. Node's event-loop delay histogram, sampling every millisecond.
 */
export async function longestStall<T>(work: () => Promise<T>): Promise<{ result: T; longestStallMs: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  try {
    const result = await work();
    return { result, longestStallMs: histogram.max / 1e6 };
  } finally {
    histogram.disable();
  }
}

// -- statistics --------------------------------------------------------------------------------

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest-rank: the smallest value with at least q of the samples at or below it.
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] as number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function round(value: number, digits = 2): number {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Milliseconds since the epoch, sub-millisecond: comparable across this machine's processes (the emulator host's commits). */
export function wallClock(): number {
  return performance.timeOrigin + performance.now();
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves with the promise's value, or rejects after `ms` naming `what`. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
