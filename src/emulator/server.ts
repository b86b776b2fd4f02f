// The emulator's entry point: options, listening (ws or wss), the state the tests read, and
// shutdown. The parts live beside it: upgrade.ts (auth, sockets), dispatch.ts (commands),
// broadcast.ts (mirror pushes), envelope.ts (message envelopes), state.ts (worlds, sockets).
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { Authenticator, cliJsonFor, createServiceAccount, isServiceAccount, type AccountEntry, type CliJson } from './auth';
import { Clock } from './lifecycle';
import { ServerState, type NodeStateNames, type ReplyMode } from './state';
import { WORLD_KINDS, type ClusterWire, type WireTypes, type WorldKind } from './types';
import type { UserWorld } from './userWorld';
import { emptyWorld, hugeWorld, largeWorld, smallWorld, type WorldBlueprint } from './blueprints';
import { HostilePlan, type HostileOptions } from './hostile';
import { acceptUpgrades, answerPlainRequest } from './upgrade';

export { SUBPROTOCOL } from './upgrade';
export { GARBAGE_FRAME } from './connection';
export const DEFAULT_PORT = 9601;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_USER = 'dev@localhost';

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
  /** `lifecycle` (default): 202 → 201 → data → CMD_DONE; `single`: exactly one reply per command (docs/PROTOCOL.md §8). */
  replies?: ReplyMode;
  /** Default true; false: `state: "deleted"` is never sent, deleted objects just vanish from listings. */
  deletedPushes?: boolean;
  /** `classic` (default): nodes are running/stopped; `observed`: they are sent as ready/exited. */
  nodeStates?: NodeStateNames;
  /** Objects per data message; longer lists are split (default 100). */
  batchSize?: number;
  /** Play a hostile server: the attacks of hostile.ts (none by default). */
  hostile?: HostileOptions;
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

function validateNonNegativeInteger(name: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 0)) throw new RangeError(`${name} must be a whole number ≥ 0`);
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
  const replies = options.replies ?? 'lifecycle';
  if (replies !== 'lifecycle' && replies !== 'single') throw new RangeError('replies must be "lifecycle" or "single"');
  const deletedPushes = options.deletedPushes ?? true;
  const nodeStates = options.nodeStates ?? 'classic';
  if (nodeStates !== 'classic' && nodeStates !== 'observed') throw new RangeError('nodeStates must be "classic" or "observed"');

  const hostile = new HostilePlan(options.hostile?.attacks, options.hostile?.marker);

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
  const requestedHost = options.host ?? DEFAULT_HOST;
  const state = new ServerState(
    { replies, deletedPushes, nodeStates, speed, batchSize, faults, hostile, log },
    accounts,
    authenticator,
    new Clock(speed),
    blueprint,
  );
  const server: http.Server | https.Server = options.tls
    ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, answerPlainRequest)
    : http.createServer(answerPlainRequest);
  acceptUpgrades(server, state, requestedHost);

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
  state.port = port;
  const scheme: 'ws' | 'wss' = options.tls ? 'wss' : 'ws';
  const urlHost = listenHost.includes(':') ? `[${listenHost}]` : listenHost;
  /** Where a client should connect: a wildcard listen address is reached through loopback. */
  const clientHost = listenHost === '0.0.0.0' ? '127.0.0.1' : listenHost === '::' ? '::1' : listenHost;

  const worldOf = (user: string): UserWorld => state.worldOf(user);
  const publicState: EmulatorState = {
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
    connectionCount: (user) => (user !== undefined ? state.socketsOf(user).size : state.allSockets().length),
  };

  return {
    url: `${scheme}://${urlHost}:${port}`,
    host: listenHost,
    port,
    scheme,
    accounts,
    state: publicState,
    clientConfig: (account) => cliJsonFor(account ?? accounts.find(isServiceAccount) ?? (accounts[0] as AccountEntry), clientHost, port),
    close: async () => {
      if (state.closing) return;
      state.closing = true;
      state.clock.stop();
      await Promise.all(
        state.allSockets().map(
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
      state.clearSockets();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
