// Test helpers for the emulator: an in-process emulator on a free loopback port at speed 0, raw
// sockets that collect every frame, and the protocol library's own connection and client.
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import WebSocket from 'ws';
import {
  buildCookie,
  parseCliJson,
  QboClient,
  QboConnection,
  type ConnectionState,
  type QboCredentials,
  type ServerMessage,
} from '../../src/qbo';
import { startEmulator, type AccountEntry, type EmulatorOptions, type RunningEmulator, type ServiceAccountEntry } from '../../src/emulator';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
/** Fixtures are read from the source tree (tsc does not copy JSON into out/). */
export const FIXTURES = path.join(REPO_ROOT, 'test', 'support', 'fixtures');

export function testVectorAccount(): ServiceAccountEntry {
  const raw = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'emulator-test-vector.json'), 'utf8')) as ServiceAccountEntry & {
    comment?: string;
  };
  return { user: raw.user, qbo_aux: raw.qbo_aux, jwk: raw.jwk };
}

export function startTestEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ host: '127.0.0.1', port: 0, speed: 0, ...options });
}

export function credentialsFor(emulator: RunningEmulator, account?: AccountEntry): QboCredentials {
  return parseCliJson(emulator.clientConfig(account), 'test');
}

export async function cookieFor(emulator: RunningEmulator, account?: AccountEntry): Promise<string> {
  return buildCookie(credentialsFor(emulator, account));
}

export type Frame = Record<string, unknown>;

/** A raw WebSocket that records every frame (JSON ones decoded, others kept as text). */
export class TestSocket {
  readonly frames: Frame[] = [];
  readonly garbage: string[] = [];
  closeCode: number | undefined;
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: WebSocket.RawData) => {
      const text = Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
      try {
        this.frames.push(JSON.parse(text) as Frame);
      } catch {
        this.garbage.push(text);
      }
      this.wake();
    });
    socket.on('close', (code: number) => {
      this.closeCode = code;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  /** Opens a socket (extra upgrade headers such as User-Agent allowed); rejects with the HTTP status when the upgrade is refused. */
  static open(
    url: string,
    cookie: string | undefined,
    protocols: string[] = ['qbo'],
    headers: Record<string, string> = {},
  ): Promise<TestSocket> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, protocols, { headers: cookie === undefined ? headers : { ...headers, Cookie: cookie } });
      const wrapper = new TestSocket(socket);
      socket.once('open', () => resolve(wrapper));
      socket.once('unexpected-response', (request, response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        response.on('end', () => {
          request.destroy();
          reject(new UpgradeRefused(response.statusCode ?? 0, body));
        });
      });
      socket.once('error', (error) => reject(error));
    });
  }

  static async connect(emulator: RunningEmulator, account?: AccountEntry, protocols?: string[]): Promise<TestSocket> {
    return TestSocket.open(emulator.url, await cookieFor(emulator, account), protocols);
  }

  get protocol(): string {
    return this.socket.protocol;
  }

  send(frame: string | Frame): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Sends a command and resolves with all its messages, up to and including the final one. */
  async command(cmd: string, timeoutMs = 5000): Promise<Frame[]> {
    const uuid = randomUUID();
    this.send({ cmd, uuid });
    await this.waitFor(() => this.frames.some((frame) => frame.uuid === uuid && isFinal(frame)), timeoutMs, `final message of "${cmd}"`);
    return this.frames.filter((frame) => frame.uuid === uuid);
  }

  /** Mirror pushes received so far. */
  pushes(): Frame[] {
    return this.frames.filter((frame) => frame.command === 'CMD_WATCH');
  }

  async waitFor(condition: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(remaining, 250));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }
}

export class UpgradeRefused extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`upgrade refused with HTTP ${status}`);
  }
}

export function isFinal(frame: Frame): boolean {
  return frame.command === 'CMD_DONE' || (typeof frame.code === 'number' && frame.code >= 400);
}

/** Objects of a payload key over several frames. */
export function payload(frames: readonly Frame[], key: string): Frame[] {
  return frames.flatMap((frame) => (Array.isArray(frame[key]) ? (frame[key] as Frame[]) : []));
}

/** The library's connection and client for an emulator, as tests use them: quick backoff, 5 s requests, not yet connected. */
export function libraryClient(credentials: QboCredentials): { connection: QboConnection; client: QboClient } {
  const connection = new QboConnection({
    host: credentials.host,
    port: credentials.port,
    cookie: () => buildCookie(credentials),
    pingIntervalMs: 60_000,
    initialBackoffMs: 50,
  });
  return { connection, client: new QboClient(connection, { requestTimeoutMs: 5000 }) };
}

/** The library's connection + client against an emulator; waits until open or refused. */
export async function connectLibrary(
  credentials: QboCredentials,
): Promise<{ connection: QboConnection; client: QboClient; messages: ServerMessage[]; state: ConnectionState; dispose(): void }> {
  const { connection, client } = libraryClient(credentials);
  const messages: ServerMessage[] = [];
  client.onMessage((message) => messages.push(message));
  const state = await new Promise<ConnectionState>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('library connection did not settle')), 5000);
    connection.onState((next) => {
      if (next.kind === 'open' || next.kind === 'credentials-rejected' || next.kind === 'closed') {
        clearTimeout(timer);
        resolve(next);
      }
    });
    connection.connect();
  });
  return {
    connection,
    client,
    messages,
    state,
    dispose: () => {
      client.dispose();
      connection.dispose();
    },
  };
}

/**
 * Registers mocha hooks that give each test a fresh emulator and a raw socket to it, and close
 * both afterwards. Read them from the returned object inside the tests.
 */
export function freshEmulatorAndSocket(options: EmulatorOptions = {}): { emulator: RunningEmulator; socket: TestSocket } {
  const fixture = {} as { emulator: RunningEmulator; socket: TestSocket };
  beforeEach(async () => {
    fixture.emulator = await startTestEmulator(options);
    fixture.socket = await TestSocket.connect(fixture.emulator);
  });
  afterEach(async () => {
    await fixture.socket.close();
    await fixture.emulator.close();
  });
  return fixture;
}
