// Server state: the settings a running emulator was started with, the users' worlds (made on
// first use and wired to mirror pushes), the open sockets per user, and thread/connection counters.
import { randomUUID } from 'node:crypto';
import type { AccountEntry, Authenticator } from './auth';
import type { WorldBlueprint } from './blueprints';
import { broadcastChanges } from './broadcast';
import type { ClientConnection, Faults } from './connection';
import type { HostilePlan } from './hostile';
import type { Clock } from './lifecycle';
import type { UserWorld } from './userWorld';

export type NodeStateNames = 'classic' | 'observed';

/** How commands are answered (docs/PROTOCOL.md §4 lifecycle, or §8 single replies). */
export type ReplyMode = 'lifecycle' | 'single';

export interface ServerSettings {
  replies: ReplyMode;
  /** When false no message ever carries `state: "deleted"`: deleted objects just vanish. */
  deletedPushes: boolean;
  /** `observed`: nodes are sent as `ready` (running) and `exited` (stopped), as the vendor's page shows. */
  nodeStates: NodeStateNames;
  speed: number;
  batchSize: number;
  faults: Faults;
  /** The attacks a hostile server plays (none by default). */
  hostile: HostilePlan;
  log: (line: string) => void;
}

export class ServerState {
  private readonly worlds = new Map<string, UserWorld>();
  private readonly mirrors = new Map<string, string>();
  private readonly sockets = new Map<string, Set<ClientConnection>>();
  private connectionCounter = 0;
  private threadCounter = 0;
  closing = false;

  /** The port clients reach (set once listening); `cli.json` answers name it when the Host header does not. */
  port = 0;

  constructor(
    readonly settings: ServerSettings,
    /** Every account that can sign in; accounts created while running are appended. */
    readonly accounts: AccountEntry[],
    readonly authenticator: Authenticator,
    readonly clock: Clock,
    private readonly blueprint: WorldBlueprint,
  ) {}

  /** The user's world, made on first use; its changes are pushed to the user's sockets. */
  worldOf(user: string): UserWorld {
    let world = this.worlds.get(user);
    if (!world) {
      world = this.blueprint(user);
      world.onChange((batch, cause) => broadcastChanges(this, user, batch, cause));
      this.worlds.set(user, world);
    }
    return world;
  }

  /** The id of the user's mirror: the same for every socket of that user while the server runs. */
  mirrorOf(user: string): string {
    let mirror = this.mirrors.get(user);
    if (mirror === undefined) {
      mirror = randomUUID();
      this.mirrors.set(user, mirror);
    }
    return mirror;
  }

  nextThreadId(): number {
    return 140279387227904 + ++this.threadCounter * 8392704;
  }

  /** A distinct number per accepted socket (for its `wsi`). */
  nextConnectionNumber(): number {
    return ++this.connectionCounter;
  }

  register(connection: ClientConnection): void {
    let set = this.sockets.get(connection.user);
    if (!set) {
      set = new Set();
      this.sockets.set(connection.user, set);
    }
    set.add(connection);
  }

  unregister(connection: ClientConnection): void {
    this.sockets.get(connection.user)?.delete(connection);
  }

  /** The open sockets of one user. */
  socketsOf(user: string): ReadonlySet<ClientConnection> {
    return this.sockets.get(user) ?? new Set();
  }

  allSockets(): ClientConnection[] {
    return [...this.sockets.values()].flatMap((set) => [...set]);
  }

  clearSockets(): void {
    this.sockets.clear();
  }
}
