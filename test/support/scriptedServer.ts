// A tiny scripted WebSocket server on 127.0.0.1 for tests of the protocol library against server
// behaviours the emulator does not play (or before it plays them): each test scripts the replies.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** Reason phrases of the upgrade refusals tests play. */
const REASON_PHRASES: Readonly<Record<number, string>> = { 401: 'Unauthorized', 403: 'Forbidden' };

export class ScriptedServer {
  readonly http = http.createServer();
  readonly wss: WebSocketServer;
  readonly sockets: WebSocket[] = [];
  readonly cookies: string[] = [];
  readonly protocols: string[] = [];
  readonly frames: string[] = [];
  upgrades = 0;
  /** Pings received, over every socket. */
  pings = 0;
  rejectWith: number | undefined;
  onCommand: (socket: WebSocket, frame: { cmd: string; uuid: string }) => void = () => undefined;
  /** Called for every ping, with the running count; with `autoPong: false` it decides whether to answer. */
  onPing: (socket: WebSocket, count: number) => void = () => undefined;

  constructor(options: { autoPong?: boolean; selectProtocol?: boolean } = {}) {
    this.wss = new WebSocketServer({
      noServer: true,
      autoPong: options.autoPong ?? true,
      handleProtocols: (offered) => (options.selectProtocol === false ? false : offered.has('qbo') ? 'qbo' : false),
    });
    this.http.on('upgrade', (request, socket, head) => {
      this.upgrades++;
      this.cookies.push(request.headers.cookie ?? '');
      if (this.rejectWith) {
        const phrase = REASON_PHRASES[this.rejectWith] ?? 'Error';
        socket.end(`HTTP/1.1 ${this.rejectWith} ${phrase}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
        return;
      }
      this.wss.handleUpgrade(request, socket, head, (ws) => {
        this.sockets.push(ws);
        this.protocols.push(ws.protocol);
        ws.on('ping', () => this.onPing(ws, ++this.pings));
        ws.on('message', (data) => {
          const text = data.toString();
          this.frames.push(text);
          this.onCommand(ws, JSON.parse(text) as { cmd: string; uuid: string });
        });
      });
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.http.listen(0, '127.0.0.1', resolve));
    return (this.http.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.wss.close();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }
}

export function reply(socket: WebSocket, uuid: string, code: number, extra: Record<string, unknown> = {}): void {
  socket.send(JSON.stringify({ uuid, code, command_id: 'cmd-1', timestamp: Date.now() * 1000, ...extra }));
}

export function lifecycle(socket: WebSocket, uuid: string, data: Record<string, unknown>): void {
  reply(socket, uuid, 202, { status: 'Accepted', output: [{ message: 'command accepted' }] });
  reply(socket, uuid, 201, { status: 'Created', output: [{ message: "thread '1' started" }] });
  reply(socket, uuid, 200, { status: 'OK', command: 'CMD_GET', ...data });
  reply(socket, uuid, 200, { status: 'OK', command: 'CMD_DONE', output: [{ message: "thread '1' terminated in 0.01s" }] });
}

/** A single-reply server's answer (docs/PROTOCOL.md §8): one `200` with the data and the whole envelope. */
export function singleReply(socket: WebSocket, frame: { cmd: string; uuid: string }, data: Record<string, unknown>): void {
  reply(socket, frame.uuid, 200, {
    status: 'OK',
    command_line: `qbo ${frame.cmd}`,
    command: 'CMD_GET',
    subcommand: 'SUBCMD_CLUSTER',
    apicommand: 'APICMD_NONE',
    ...data,
  });
}
