// Upgrade and connection handling: cookie auth on the HTTP upgrade (401 otherwise), subprotocol
// `qbo`, and the life of an accepted socket (registered per user until it closes).
import type * as http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AccountEntry } from './auth';
import { pushClients } from './broadcast';
import { ClientConnection } from './connection';
import { handleFrame } from './dispatch';
import { STATUS_TEXT } from './envelope';
import type { ServerState } from './state';

export const SUBPROTOCOL = 'qbo';
const MAX_INCOMING_FRAME_BYTES = 1024 * 1024;

function refuse(socket: Duplex, code: number, body: string): void {
  if (socket.destroyed) return;
  socket.end(
    `HTTP/1.1 ${code} ${STATUS_TEXT[code] ?? 'Error'}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** A plain HTTP request (not an upgrade) is told to use a WebSocket. */
export function answerPlainRequest(_request: http.IncomingMessage, response: http.ServerResponse): void {
  response.writeHead(426, { 'Content-Type': 'text/plain; charset=utf-8', Upgrade: 'websocket' });
  response.end('qbo emulator: connect with a WebSocket\n');
}

function onConnection(
  state: ServerState,
  socket: WebSocket,
  request: http.IncomingMessage,
  account: AccountEntry,
  listenHost: string,
): void {
  const number = state.nextConnectionNumber();
  const peer = (request.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  const hostHeader = request.headers.host ?? '';
  const host = hostHeader.replace(/:\d+$/, '') || listenHost;
  const wsi = `0x${(0x55f86dc40840 + number * 0x1a0).toString(16)}`;
  const agent = (request.headers['user-agent'] ?? '').slice(0, 256);
  const connection = new ClientConnection(
    socket,
    account,
    peer,
    host,
    hostHeader,
    wsi,
    agent,
    state.nextThreadId(),
    state.settings.faults,
    state.settings.hostile.outgoing(),
  );
  state.worldOf(account.user);
  state.register(connection);
  pushClients(state, account.user);
  state.settings.hostile.connected(connection, { threadId: state.nextThreadId(), closing: () => state.closing });
  const { log } = state.settings;
  log(`connected: ${account.user} from ${peer} (protocol "${socket.protocol}")`);
  socket.on('message', (data, isBinary) => handleFrame(state, connection, data, isBinary));
  socket.on('error', () => undefined);
  socket.on('close', () => {
    connection.dispose();
    state.unregister(connection);
    if (!state.closing) pushClients(state, account.user);
    log(`disconnected: ${account.user} from ${peer}`);
  });
}

/** Authenticates every upgrade on `server` and hands accepted sockets to the state. */
export function acceptUpgrades(server: http.Server, state: ServerState, listenHost: string): void {
  const wss = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    perMessageDeflate: false,
    maxPayload: MAX_INCOMING_FRAME_BYTES,
    // `qbo` when offered; a client offering none is accepted too (docs/PROTOCOL.md §1).
    handleProtocols: (protocols) => (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
  });
  server.on('upgrade', (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => undefined);
    if (state.closing) return refuse(socket, 503, 'shutting down\n');
    state.authenticator.authenticate(request.headers.cookie).then(
      (account) => {
        if (!account) {
          state.settings.log(`refused: bad or missing credentials from ${request.socket.remoteAddress ?? '?'}`);
          return refuse(socket, 401, 'qbo: invalid credentials\n');
        }
        if (state.closing || socket.destroyed) return refuse(socket, 503, 'shutting down\n');
        wss.handleUpgrade(request, socket, head, (ws) => onConnection(state, ws, request, account, listenHost));
      },
      () => refuse(socket, 401, 'qbo: invalid credentials\n'),
    );
  });
}
