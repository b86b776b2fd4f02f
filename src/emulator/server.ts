// The emulator's WebSocket server: cookie auth on the upgrade (401 otherwise), subprotocol `qbo`,
// the command lifecycle 202 → 201 → data → CMD_DONE, mirror pushes (CMD_WATCH) to every socket of
// the owning user, and the fault injections (latency, drop-after, garbage-every).
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer } from 'ws';
import { CommandSyntaxError, parseCommandLine, type ParsedCommand } from '../qbo/commandLine';
import { commandFrameSchema } from '../qbo/messages';
import { Authenticator, cliJsonFor, createServiceAccount, isServiceAccount, type AccountEntry, type CliJson } from './auth';
import { CommandError, executeCommand, type DataKey } from './handlers';
import { Clock } from './lifecycle';
import { EMULATOR_AGENT, WORLD_KINDS, type ClusterWire, type WireTypes, type WorldKind } from './types';
import type { ChangeCause, UserWorld } from './userWorld';
import { emptyWorld, hugeWorld, largeWorld, smallWorld, type WorldBlueprint } from './blueprints';

export const SUBPROTOCOL = 'qbo';
/** What `--garbage-every` sends: a text frame that is not JSON. */
export const GARBAGE_FRAME = '{"qbo-emulator": garbage frame, not JSON';
export const DEFAULT_PORT = 9601;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_USER = 'dev@localhost';
const MAX_INCOMING_FRAME_BYTES = 1024 * 1024;

export interface EmulatorOptions {
  /** Listen address, default 127.0.0.1. */
  host?: string;
  /** Default 9601; 0 picks a free port. */
  port?: number;
  /** Serve wss with this certificate and key (PEM). */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Default: one fresh service account `dev@localhost`. */
  accounts?: readonly AccountEntry[];
  /** Default `small`. */
  world?: 'small' | 'large' | 'huge' | 'empty' | WorldBlueprint;
  /** Multiplies every simulated duration: 0 instant (tests), 1 realistic (default). */
  speed?: number;
  /** Delays every outgoing message by this many milliseconds (order kept). */
  latencyMs?: number;
  /** Closes each connection abnormally after it has been sent this many messages. */
  dropAfter?: number;
  /** Sends a non-JSON frame after every this many messages. */
  garbageEvery?: number;
  /** Objects per data message; longer lists are split (default 100). */
  batchSize?: number;
  /** Diagnostics (connections, refusals); never secrets. */
  log?: (line: string) => void;
}

export interface EmulatorState {
  /** The user's world (instantiated on first use). */
  world(user: string): UserWorld;
  getCluster(user: string, name: string): ClusterWire | undefined;
  /** Objects of a kind, optionally of one cluster (by name). */
  list<K extends WorldKind>(user: string, kind: K, cluster?: string): WireTypes[K][];
  counts(user: string): Record<WorldKind, number>;
  /** Open sockets, of one user or of all. */
  connectionCount(user?: string): number;
}

export interface RunningEmulator {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly scheme: 'ws' | 'wss';
  readonly accounts: readonly AccountEntry[];
  readonly state: EmulatorState;
  /** The `cli.json` a client uses for `account` (default: the first service account, else the first). */
  clientConfig(account?: AccountEntry): CliJson;
  close(): Promise<void>;
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  409: 'Conflict',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const SUBCOMMANDS: Record<DataKey, string> = {
  clusters: 'SUBCMD_CLUSTER',
  networks: 'SUBCMD_NETWORK',
  nodes: 'SUBCMD_NODE',
  pods: 'SUBCMD_POD',
  services: 'SUBCMD_SERVICE',
  ipvs: 'SUBCMD_IPVS',
  users: 'SUBCMD_USER',
  images: 'SUBCMD_IMAGE',
  clients: 'SUBCMD_CLIENT',
  cli: 'SUBCMD_USER',
  version: 'SUBCMD_NONE',
  output: 'SUBCMD_NONE',
};

function commandNames(command: ParsedCommand): { command: string; subcommand: string } {
  const verb = `CMD_${command.verb.toUpperCase()}`;
  return { command: verb, subcommand: command.verb === 'version' ? 'SUBCMD_NONE' : SUBCOMMANDS[command.kind] };
}

/** Integer microseconds since the epoch (observed). */
function timestampMicros(): number {
  return Math.floor((performance.timeOrigin + performance.now()) * 1000);
}

function validateNonNegativeInteger(name: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 0)) throw new RangeError(`${name} must be a whole number ≥ 0`);
}

/** One open socket: identity for the envelope, and the outgoing pipeline with its faults. */
class ClientConnection {
  private sentCount = 0;
  private readonly queue: { due: number; text: string }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private dropped = false;

  constructor(
    readonly socket: WebSocket,
    readonly account: AccountEntry,
    readonly peer: string,
    readonly host: string,
    readonly wsi: string,
    private readonly faults: { latencyMs: number; dropAfter: number; garbageEvery: number },
  ) {}

  get user(): string {
    return this.account.user;
  }

  /** Serialises now (so the message shows the state at this moment), sends now or after the latency. */
  send(message: Record<string, unknown>): void {
    if (this.dropped) return;
    const text = JSON.stringify(message);
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

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const speed = options.speed ?? 1;
  if (!Number.isFinite(speed) || speed < 0) throw new RangeError('speed must be a number ≥ 0');
  validateNonNegativeInteger('latencyMs', options.latencyMs);
  validateNonNegativeInteger('dropAfter', options.dropAfter);
  validateNonNegativeInteger('garbageEvery', options.garbageEvery);
  const batchSize = options.batchSize ?? 100;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError('batchSize must be a whole number ≥ 1');
  const faults = { latencyMs: options.latencyMs ?? 0, dropAfter: options.dropAfter ?? 0, garbageEvery: options.garbageEvery ?? 0 };
  const log = options.log ?? (() => undefined);

  const accounts: AccountEntry[] =
    options.accounts && options.accounts.length > 0 ? [...options.accounts] : [await createServiceAccount(DEFAULT_USER)];
  const authenticator = await Authenticator.create(accounts);
  const blueprint: WorldBlueprint =
    typeof options.world === 'function'
      ? options.world
      : options.world === 'large'
        ? largeWorld
        : options.world === 'huge'
          ? hugeWorld
          : options.world === 'empty'
            ? emptyWorld
            : smallWorld;
  const clock = new Clock(speed);
  const worlds = new Map<string, UserWorld>();
  const connections = new Map<string, Set<ClientConnection>>();
  let connectionCounter = 0;
  let threadCounter = 0;
  let closing = false;

  const nextThreadId = (): number => 140279387227904 + ++threadCounter * 8392704;

  function envelope(
    connection: ClientConnection,
    fields: {
      code: number;
      command: string;
      subcommand: string;
      apicommand: string;
      commandId: string;
      commandLine: string;
      threadId: number;
      uuid?: string;
    },
  ): Record<string, unknown> {
    return {
      timestamp: timestampMicros(),
      status: STATUS_TEXT[fields.code] ?? 'Error',
      code: fields.code,
      command_id: fields.commandId,
      command_line: fields.commandLine,
      command: fields.command,
      subcommand: fields.subcommand,
      apicommand: fields.apicommand,
      ...(fields.uuid !== undefined ? { uuid: fields.uuid } : {}),
      user: connection.user,
      agent: EMULATOR_AGENT,
      peer: connection.peer,
      host: connection.host,
      source: 'emulator/server.ts',
      wsi: connection.wsi,
      thread_id: fields.threadId,
      vhost: 'proxy',
    };
  }

  function chunks<T>(items: readonly T[]): T[][] {
    const result: T[][] = [];
    for (let i = 0; i < items.length; i += batchSize) result.push(items.slice(i, i + batchSize));
    return result;
  }

  /** Mirror pushes: every change goes to every open socket of the owner, never to anyone else. */
  function broadcast(user: string, batch: { kind: WorldKind; objects: Record<string, unknown>[] }[], cause: ChangeCause): void {
    const sockets = connections.get(user);
    if (!sockets || sockets.size === 0) return;
    for (const { kind, objects } of batch) {
      for (const part of chunks(objects)) {
        for (const connection of sockets) {
          connection.send({
            ...envelope(connection, {
              code: 200,
              command: 'CMD_WATCH',
              subcommand: SUBCOMMANDS[kind],
              apicommand: 'APICMD_NONE',
              commandId: randomUUID(),
              commandLine: cause.commandLine,
              threadId: cause.threadId,
            }),
            [kind]: part,
          });
        }
      }
    }
  }

  function worldOf(user: string): UserWorld {
    let world = worlds.get(user);
    if (!world) {
      world = blueprint(user);
      world.onChange((batch, cause) => broadcast(user, batch, cause));
      worlds.set(user, world);
    }
    return world;
  }

  function sendBadFrame(connection: ClientConnection, reason: string): void {
    const commandId = randomUUID();
    connection.send({
      ...envelope(connection, {
        code: 400,
        command: 'CMD_DONE',
        subcommand: 'SUBCMD_DONE',
        apicommand: 'APICMD_DONE',
        commandId,
        commandLine: '',
        threadId: nextThreadId(),
      }),
      output: [{ message: reason }],
    });
  }

  async function runCommand(connection: ClientConnection, cmd: string, uuid: string): Promise<void> {
    const startedAt = performance.now();
    const commandId = randomUUID();
    const threadId = nextThreadId();
    const commandLine = `qbo ${cmd.trim()}`;
    const base = { commandId, commandLine, threadId, uuid };
    const finalFields = { command: 'CMD_DONE', subcommand: 'SUBCMD_DONE', apicommand: 'APICMD_DONE' };
    const fail = (code: number, reason: string): void => {
      connection.send({ ...envelope(connection, { ...base, ...finalFields, code }), output: [{ message: reason }] });
    };
    let parsed: ParsedCommand;
    try {
      parsed = parseCommandLine(cmd);
    } catch (error) {
      // A command that does not parse is never accepted: one final 400.
      fail(400, error instanceof CommandSyntaxError ? error.message : 'cannot parse the command');
      return;
    }
    const names = commandNames(parsed);
    const step = (code: number, message: string): void => {
      connection.send({ ...envelope(connection, { ...base, ...names, apicommand: 'APICMD_NONE', code }), output: [{ message }] });
    };
    step(202, 'command accepted');
    step(201, `thread '${threadId}' started`);
    try {
      await executeCommand(parsed, {
        world: worldOf(connection.user),
        clock,
        cause: { commandLine, threadId },
        speed,
        reply: {
          data: (key, objects) => {
            for (const part of chunks(objects)) {
              connection.send({
                ...envelope(connection, {
                  ...base,
                  command: names.command,
                  subcommand: SUBCOMMANDS[key],
                  apicommand: 'APICMD_NONE',
                  code: 200,
                }),
                [key]: part.map((object) => ({ ...object })),
              });
            }
          },
        },
      });
    } catch (error) {
      if (error instanceof CommandError) fail(error.code, error.message);
      else {
        log(`internal error in "${commandLine}": ${error instanceof Error ? error.message : String(error)}`);
        fail(500, 'internal error in the emulator');
      }
      return;
    }
    const seconds = ((performance.now() - startedAt) / 1000).toFixed(6);
    connection.send({
      ...envelope(connection, { ...base, ...finalFields, code: 200 }),
      output: [{ message: `thread '${threadId}' terminated in ${seconds}s` }],
    });
  }

  function onFrame(connection: ClientConnection, data: WebSocket.RawData, isBinary: boolean): void {
    if (isBinary) return sendBadFrame(connection, 'binary frames are not commands; send {"cmd": "...", "uuid": "..."} as text');
    const text = Buffer.isBuffer(data)
      ? data.toString('utf8')
      : Array.isArray(data)
        ? Buffer.concat(data).toString('utf8')
        : Buffer.from(data).toString('utf8');
    let decoded: unknown;
    try {
      decoded = JSON.parse(text);
    } catch {
      return sendBadFrame(connection, 'frame is not JSON');
    }
    const frame = commandFrameSchema.safeParse(decoded);
    if (!frame.success) return sendBadFrame(connection, 'a command is a JSON object {"cmd": "<command line>", "uuid": "<uuid>"}');
    runCommand(connection, frame.data.cmd, frame.data.uuid).catch((error: unknown) => {
      log(`command failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  const wss = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    perMessageDeflate: false,
    maxPayload: MAX_INCOMING_FRAME_BYTES,
    // `qbo` when offered; a client offering none is accepted too (PROTOCOL.md §1).
    handleProtocols: (protocols) => (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
  });

  function onConnection(socket: WebSocket, request: http.IncomingMessage, account: AccountEntry): void {
    connectionCounter++;
    const peer = (request.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    const hostHeader = request.headers.host ?? '';
    const host = hostHeader.replace(/:\d+$/, '') || listenHost;
    const wsi = `0x${(0x55f86dc40840 + connectionCounter * 0x1a0).toString(16)}`;
    const connection = new ClientConnection(socket, account, peer, host, wsi, faults);
    worldOf(account.user);
    let set = connections.get(account.user);
    if (!set) {
      set = new Set();
      connections.set(account.user, set);
    }
    set.add(connection);
    log(`connected: ${account.user} from ${peer} (protocol "${socket.protocol}")`);
    socket.on('message', (data, isBinary) => onFrame(connection, data, isBinary));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      connection.dispose();
      connections.get(account.user)?.delete(connection);
      log(`disconnected: ${account.user} from ${peer}`);
    });
  }

  function refuse(socket: Duplex, code: number, body: string): void {
    if (socket.destroyed) return;
    socket.end(
      `HTTP/1.1 ${code} ${STATUS_TEXT[code] ?? 'Error'}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }

  const onRequest = (_request: http.IncomingMessage, response: http.ServerResponse): void => {
    response.writeHead(426, { 'Content-Type': 'text/plain; charset=utf-8', Upgrade: 'websocket' });
    response.end('qbo emulator: connect with a WebSocket\n');
  };
  const server: http.Server | https.Server = options.tls
    ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, onRequest)
    : http.createServer(onRequest);

  server.on('upgrade', (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => undefined);
    if (closing) return refuse(socket, 503, 'shutting down\n');
    authenticator.authenticate(request.headers.cookie).then(
      (account) => {
        if (!account) {
          log(`refused: bad or missing credentials from ${request.socket.remoteAddress ?? '?'}`);
          return refuse(socket, 401, 'qbo: invalid credentials\n');
        }
        if (closing || socket.destroyed) return refuse(socket, 503, 'shutting down\n');
        wss.handleUpgrade(request, socket, head, (ws) => onConnection(ws, request, account));
      },
      () => refuse(socket, 401, 'qbo: invalid credentials\n'),
    );
  });

  const requestedHost = options.host ?? DEFAULT_HOST;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_PORT, requestedHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const listenHost = requestedHost;
  const port = address.port;
  const scheme: 'ws' | 'wss' = options.tls ? 'wss' : 'ws';
  const urlHost = listenHost.includes(':') ? `[${listenHost}]` : listenHost;
  /** Where a client should connect: a wildcard listen address is reached through loopback. */
  const clientHost = listenHost === '0.0.0.0' ? '127.0.0.1' : listenHost === '::' ? '::1' : listenHost;

  const state: EmulatorState = {
    world: worldOf,
    getCluster: (user, name) => worldOf(user).clusterByName(name)?.wire,
    list: (user, kind, cluster) => {
      const world = worldOf(user);
      if (cluster === undefined) return world.list(kind);
      const record = world.clusterByName(cluster);
      return record ? world.list(kind, [record]) : [];
    },
    counts: (user) => {
      const world = worldOf(user);
      return Object.fromEntries(WORLD_KINDS.map((kind) => [kind, world.count(kind)])) as Record<WorldKind, number>;
    },
    connectionCount: (user) => {
      if (user !== undefined) return connections.get(user)?.size ?? 0;
      let total = 0;
      for (const set of connections.values()) total += set.size;
      return total;
    },
  };

  return {
    url: `${scheme}://${urlHost}:${port}`,
    host: listenHost,
    port,
    scheme,
    accounts,
    state,
    clientConfig: (account) => cliJsonFor(account ?? accounts.find(isServiceAccount) ?? (accounts[0] as AccountEntry), clientHost, port),
    close: async () => {
      if (closing) return;
      closing = true;
      clock.stop();
      const open = [...connections.values()].flatMap((set) => [...set]);
      await Promise.all(
        open.map(
          (connection) =>
            new Promise<void>((resolve) => {
              connection.dispose();
              const socket = connection.socket;
              if (socket.readyState === WebSocket.CLOSED) return resolve();
              const timer = setTimeout(() => socket.terminate(), 500);
              socket.once('close', () => {
                clearTimeout(timer);
                resolve();
              });
              socket.close(1001, 'emulator shutting down');
            }),
        ),
      );
      connections.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
