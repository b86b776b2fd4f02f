// The WebSocket link to a qbo server (docs/PROTOCOL.md §1): cookie auth, subprotocol `qbo`, TLS
// verified by default, keep-alive pings, reconnect with capped exponential backoff and jitter,
// no reconnect after the server refuses the credentials.
import * as fs from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type * as tls from 'node:tls';
import type WebSocket from 'ws';

/** `WebSocket.OPEN`, without loading `ws` to read it. */
const SOCKET_OPEN = 1;

/**
 * `ws`, loaded on first connect rather than when the extension loads: activation pays only for
 * what it runs (the production build ships it as dist/vendor/ws.js, read on this first require).
 */
function ws(): typeof WebSocket {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('ws') as typeof WebSocket;
}

import { nodeNet, nodeTls } from './builtins';
import { Emitter, type Disposable } from './events';
import { DEFAULT_MAX_MESSAGE_CHARS, parseServerMessage, type ParseError, type ServerMessage } from './messages';
import { Inbox } from './inbox';

export type ConnectionState =
  | { kind: 'idle' }
  | { kind: 'connecting'; attempt: number }
  | { kind: 'open'; protocol: string }
  | { kind: 'reconnecting'; attempt: number; delayMs: number; reason: string }
  | { kind: 'closed'; reason: string }
  | { kind: 'credentials-rejected'; status: number };

export type Scheme = 'ws' | 'wss';

/** How this client names itself to the server, which lists it to the user's other clients. */
export const DEFAULT_USER_AGENT = 'qbo-explorer (VS Code)';

export interface ConnectionOptions {
  host: string;
  port: number;
  /** Default: `wss` on port 443 or to a public host; `ws` to loopback and private hosts on other ports (see defaultScheme). */
  scheme?: Scheme;
  /** Default `/` (docs/PROTOCOL.md §1). */
  path?: string;
  /** Builds the Cookie header; called for every connection attempt (a fresh JWE each time). */
  cookie: () => Promise<string>;
  /** The User-Agent of the upgrade request: what the server shows other clients of the user (`clients`, `input`). */
  userAgent?: string;
  /** PEM file of an extra certificate authority to trust. */
  caFile?: string;
  /** Accept a self-signed server certificate (explicit per-profile opt-in). */
  allowSelfSigned?: boolean;
  /** Allow plain `ws://` to a host that is neither loopback nor private (explicit opt-in). */
  allowInsecure?: boolean;
  pingIntervalMs?: number;
  maxMissedPongs?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Inbound frames larger than this close the link (the socket refuses them). */
  maxFrameBytes?: number;
  /**
   * The backoff starts over only once a link has stayed open this long (default 10 s), so a
   * server that accepts and then drops every connection is not hammered at the initial delay.
   */
  stableAfterMs?: number;
  handshakeTimeoutMs?: number;
  /** For tests: a source of randomness in [0, 1) for backoff jitter. */
  random?: () => number;
}

/** The configuration forbids this connection (e.g. plain ws:// to a public host). */
export class ConnectionPolicyError extends Error {
  override readonly name = 'ConnectionPolicyError';
}

const SUBPROTOCOL = 'qbo';
const SELF_SIGNED_CODES = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE']);

/** Loopback, RFC 1918, link-local and unique-local addresses, and `localhost`. */
export function isLocalOrPrivateHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (nodeNet().isIPv4(bare)) {
    const [a, b] = bare.split('.').map(Number) as [number, number];
    return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
  }
  if (nodeNet().isIPv6(bare)) {
    if (bare === '::1') return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
    if (mapped) return isLocalOrPrivateHost(mapped[1] as string);
    return /^f[cd]/.test(bare) || /^fe[89ab]/.test(bare);
  }
  return false;
}

/**
 * Why the configuration forbids connecting, or undefined when it allows it. Decided before any
 * socket is opened or credential built: plain `ws://` only to loopback and private hosts, unless
 * the profile explicitly allows insecure connections.
 */
export function transportRefusal(
  options: Pick<ConnectionOptions, 'host' | 'scheme' | 'allowInsecure'> & { port?: number },
): string | undefined {
  const scheme = options.scheme ?? defaultScheme(options.host, options.port);
  if (scheme === 'ws' && !isLocalOrPrivateHost(options.host) && !options.allowInsecure) {
    return `refusing unencrypted ws:// to ${options.host}: use wss, or allow insecure connections for this profile`;
  }
  return undefined;
}

/** The qbo server's own port: its protocol is `wss` (docs/PROTOCOL.md §8, schema defaults). */
export const WSS_PORT = 443;

/**
 * Default scheme when a profile does not set one: `wss` on port 443 whatever the address (the
 * spec's token example is `172.17.0.1:443`); otherwise `ws` only to loopback and private hosts
 * (a Community Edition on 9601), `wss` to anything else.
 */
export function defaultScheme(host: string, port?: number): Scheme {
  if (port === WSS_PORT) return 'wss';
  return isLocalOrPrivateHost(host) ? 'ws' : 'wss';
}

export function connectionUrl(options: Pick<ConnectionOptions, 'host' | 'port' | 'scheme' | 'path'>): string {
  const scheme = options.scheme ?? defaultScheme(options.host, options.port);
  const host = nodeNet().isIPv6(options.host) ? `[${options.host}]` : options.host;
  const path = options.path && options.path.startsWith('/') ? options.path : `/${options.path ?? ''}`;
  return `${scheme}://${host}:${options.port}${path}`;
}

/** Backoff before reconnect attempt `attempt` (1-based): exponential, capped, with jitter. */
export function backoffDelay(attempt: number, initialMs: number, maxMs: number, random: () => number): number {
  const exponential = Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt - 1));
  // Jitter within the upper half keeps clients apart without ever exceeding the cap.
  return Math.round(exponential / 2 + (exponential / 2) * random());
}

export class QboConnection implements Disposable {
  private readonly stateEmitter = new Emitter<ConnectionState>();
  private readonly messageEmitter = new Emitter<ServerMessage>();
  private readonly invalidEmitter = new Emitter<ParseError>();
  readonly onState = this.stateEmitter.event;
  readonly onMessage = this.messageEmitter.event;
  readonly onInvalidFrame = this.invalidEmitter.event;

  private socket: WebSocket | undefined;
  /** The open socket's frames waiting to be handled. */
  private inbox: Inbox<{ data: WebSocket.RawData; isBinary: boolean }> | undefined;
  private currentState: ConnectionState = { kind: 'idle' };
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  private stableTimer: NodeJS.Timeout | undefined;
  private missedPongs = 0;
  private stopped = true;
  private readonly url: string;

  constructor(private readonly options: ConnectionOptions) {
    this.url = connectionUrl(options);
  }

  get state(): ConnectionState {
    return this.currentState;
  }

  get isOpen(): boolean {
    return this.currentState.kind === 'open' && this.socket?.readyState === SOCKET_OPEN;
  }

  /** Starts connecting (and reconnecting, until close()). Safe to call again. */
  connect(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.attempt = 0;
    this.open();
  }

  /** Closes the link and stops reconnecting. */
  close(reason = 'closed by client'): void {
    this.stopped = true;
    this.clearTimers();
    const socket = this.socket;
    this.socket = undefined;
    this.inbox?.clear();
    this.inbox = undefined;
    if (socket) {
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      if (socket.readyState === SOCKET_OPEN) socket.close(1000, 'bye');
      else socket.terminate();
    }
    if (this.currentState.kind !== 'credentials-rejected') this.setState({ kind: 'closed', reason });
  }

  /** Sends one text frame. Throws when the link is not open. */
  send(frame: string): void {
    if (!this.socket || !this.isOpen) throw new Error('not connected');
    this.socket.send(frame);
  }

  dispose(): void {
    this.close('disposed');
    this.stateEmitter.dispose();
    this.messageEmitter.dispose();
    this.invalidEmitter.dispose();
  }

  private setState(state: ConnectionState): void {
    this.currentState = state;
    this.stateEmitter.fire(state);
  }

  private clearTimers(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    if (this.stableTimer) clearTimeout(this.stableTimer);
    this.reconnectTimer = undefined;
    this.pingTimer = undefined;
    this.stableTimer = undefined;
  }

  private open(): void {
    this.attempt++;
    this.setState({ kind: 'connecting', attempt: this.attempt });
    const refusal = transportRefusal(this.options);
    if (refusal) {
      this.stopped = true;
      this.setState({ kind: 'closed', reason: refusal });
      return;
    }
    let ca: Buffer | undefined;
    if (this.options.caFile) {
      try {
        ca = fs.readFileSync(this.options.caFile);
      } catch (error) {
        this.stopped = true;
        const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
        this.setState({ kind: 'closed', reason: `cannot read CA file ${this.options.caFile} (${code})` });
        return;
      }
    }
    const attemptAtStart = this.attempt;
    this.options.cookie().then(
      (cookie) => {
        if (this.stopped || attemptAtStart !== this.attempt) return;
        this.openSocket(cookie, ca);
      },
      (error: unknown) => {
        if (this.stopped) return;
        this.stopped = true;
        const reason = error instanceof Error ? error.message : 'cannot build credentials';
        this.setState({ kind: 'closed', reason });
      },
    );
  }

  private openSocket(cookie: string, ca: Buffer | undefined): void {
    const options: WebSocket.ClientOptions = {
      headers: { Cookie: cookie, 'User-Agent': this.options.userAgent ?? DEFAULT_USER_AGENT },
      maxPayload: this.options.maxFrameBytes ?? DEFAULT_MAX_MESSAGE_CHARS,
      handshakeTimeout: this.options.handshakeTimeoutMs ?? 10_000,
      perMessageDeflate: false,
      rejectUnauthorized: !this.options.allowSelfSigned,
      ...(ca ? { ca } : {}),
      // With the self-signed opt-in, verification is off; still refuse any failure other than
      // the certificate being self-signed (e.g. an expired one). This must happen when the TLS
      // handshake completes, before the upgrade request (and its cookie) is written.
      ...(this.options.allowSelfSigned
        ? { createConnection: connectAllowingSelfSigned as unknown as WebSocket.ClientOptions['createConnection'] }
        : {}),
    };
    const socket = new (ws())(this.url, [SUBPROTOCOL], options);
    this.socket = socket;
    let rejectedStatus: number | undefined;
    let lastError: Error | undefined;
    let serverSelectedNoProtocol = false;

    socket.on('upgrade', (response: IncomingMessage) => {
      // docs/PROTOCOL.md §1: a server that selects no subprotocol is acceptable. `ws` would abort such
      // a handshake because we offered one, so note it and let the handshake through.
      if (response.headers['sec-websocket-protocol'] === undefined) {
        serverSelectedNoProtocol = true;
        response.headers['sec-websocket-protocol'] = SUBPROTOCOL;
      }
    });
    socket.on('unexpected-response', (_request, response: IncomingMessage) => {
      rejectedStatus = response.statusCode;
      response.resume();
      socket.terminate();
    });
    socket.on('open', () => {
      if (this.socket !== socket) return;
      this.missedPongs = 0;
      // Only a link that stays up for a while resets the backoff (see stableAfterMs).
      this.stableTimer = setTimeout(() => {
        this.stableTimer = undefined;
        this.attempt = 0;
      }, this.options.stableAfterMs ?? 10_000);
      this.startPings(socket);
      this.setState({ kind: 'open', protocol: serverSelectedNoProtocol ? '' : socket.protocol });
    });
    socket.on('pong', () => {
      this.missedPongs = 0;
    });
    // Frames are handled in time slices, in order, so a burst cannot stall the extension host (inbox.ts).
    const inbox = new Inbox<{ data: WebSocket.RawData; isBinary: boolean }>({
      handle: ({ data, isBinary }) => {
        if (isBinary) {
          this.invalidEmitter.fire({ kind: 'not-json', detail: 'binary frame', length: rawLength(data) });
          return;
        }
        const parsed = parseServerMessage(rawToString(data));
        if (parsed.ok) this.messageEmitter.fire(parsed.message);
        else this.invalidEmitter.fire(parsed.error);
      },
      pause: () => socket.pause(),
      resume: () => socket.resume(),
    });
    this.inbox = inbox;
    socket.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
      this.missedPongs = 0;
      inbox.push({ data, isBinary }, rawLength(data));
    });
    socket.on('error', (error: Error) => {
      // 'close' follows every error; the reason is reported there.
      lastError = error;
    });
    socket.on('close', (code: number, reasonBuffer: Buffer) => {
      if (this.socket !== socket) return;
      // What the socket delivered comes before its close (a command's last reply, say).
      inbox.flush();
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.inbox = undefined;
      if (this.pingTimer) clearInterval(this.pingTimer);
      if (this.stableTimer) clearTimeout(this.stableTimer);
      this.pingTimer = undefined;
      this.stableTimer = undefined;
      if (rejectedStatus === 401 || rejectedStatus === 403) {
        this.stopped = true;
        this.setState({ kind: 'credentials-rejected', status: rejectedStatus });
        return;
      }
      if (this.stopped) return;
      const reason = rejectedStatus
        ? `server answered HTTP ${rejectedStatus}`
        : code === 1009 || /max payload/i.test(lastError?.message ?? '')
          ? 'a frame exceeded the size limit'
          : lastError && code === 1006
            ? `connection failed (${describeSocketError(lastError)})`
            : reasonBuffer.length > 0
              ? `closed (${code}: ${reasonBuffer.toString('utf8').slice(0, 120)})`
              : `closed (${code})`;
      this.scheduleReconnect(reason);
    });
  }

  private startPings(socket: WebSocket): void {
    const interval = this.options.pingIntervalMs ?? 15_000;
    const maxMissed = this.options.maxMissedPongs ?? 2;
    this.pingTimer = setInterval(() => {
      if (this.missedPongs >= maxMissed) {
        // Two pings unanswered: the link is dead even if TCP has not noticed.
        socket.terminate();
        return;
      }
      this.missedPongs++;
      try {
        socket.ping();
      } catch {
        socket.terminate();
      }
    }, interval);
  }

  private scheduleReconnect(reason: string): void {
    const delayMs = backoffDelay(
      this.attempt + 1,
      this.options.initialBackoffMs ?? 1_000,
      this.options.maxBackoffMs ?? 30_000,
      this.options.random ?? Math.random,
    );
    this.setState({ kind: 'reconnecting', attempt: this.attempt + 1, delayMs, reason });
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (!this.stopped) this.open();
    }, delayMs);
  }
}

/**
 * `ws`'s TLS connector for the self-signed opt-in: verification is off (rejectUnauthorized false),
 * so the certificate is checked here as soon as the handshake completes, and the socket destroyed
 * before the HTTP upgrade request (which carries the credentials) is sent, unless the only fault
 * is that the certificate is self-signed.
 */
function connectAllowingSelfSigned(options: tls.ConnectionOptions & { host?: string }): tls.TLSSocket {
  const servername =
    options.servername || options.servername === '' ? options.servername : nodeNet().isIP(options.host ?? '') ? '' : options.host;
  const socket = nodeTls().connect({ ...options, path: undefined, servername } as tls.ConnectionOptions);
  socket.once('secureConnect', () => {
    const fault = socket.authorizationError as unknown as (Error & { code?: string }) | string | null | undefined;
    if (!fault) return;
    const code = typeof fault === 'string' ? fault : (fault.code ?? fault.message);
    if (SELF_SIGNED_CODES.has(code)) return;
    const error = new Error(`certificate refused (${code})`) as NodeJS.ErrnoException;
    error.code = code;
    socket.destroy(error);
  });
  return socket;
}

/** A short reason for a socket error: its code when it has one (ECONNREFUSED, CERT_HAS_EXPIRED, ...). */
function describeSocketError(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code ? code : error.message.slice(0, 120);
}

function rawToString(data: WebSocket.RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

function rawLength(data: WebSocket.RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, chunk) => sum + chunk.length, 0);
  return data.byteLength;
}
