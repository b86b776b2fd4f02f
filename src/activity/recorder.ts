// Turns what the connected profiles' sessions see into activity entries: other clients' commands
// (`input`), this client's commands and how they ended, state changes of clusters and nodes (from
// pushes and re-lists, tied to the command that caused them when one is known), pod churn per
// cluster, and clients connecting and leaving (successive `clients` lists). It also keeps who last
// acted on each cluster (RecentActions). No VS Code API: the extension, the system tests and the
// unit tests drive the same class.
import { parseCommandLine, type ParsedCommand } from '../qbo/commandLine';
import { commandScope, type QboCommand } from '../qbo/commands';
import { secretsOf } from '../qbo/credentials';
import { Emitter, type Disposable } from '../qbo/events';
import { entityKey, type ChangeType, type Inventory, type InventoryChange, type InventoryChangeEvent } from '../qbo/inventory';
import type { Client, Envelope, ServerMessage } from '../qbo/messages';
import { redact } from '../qbo/redact';
import { reconcileScope } from '../session/reconcileScope';
import type { CommandRun, QboSession } from '../session/session';
import type { ConnectedProfile, SessionManager } from '../session/sessionManager';
import type { ActivityLog } from './activityLog';
import { otherClients } from './activityText';
import { systemClock, type Clock, type Timer } from './clock';
import {
  MAX_NODES_LISTED,
  MAX_TEXT,
  type ActivityEntry,
  type Cause,
  type OtherCommandEntry,
  type OwnCommandEntry,
  type PodsEntry,
  type StateEntry,
  type Who,
} from './entries';
import type { ActionScope, ActionVerb, RecentActions } from './recentActions';
import { displayText } from './safeText';

export interface RecorderOptions {
  clock?: Clock;
  /** An entry gathers further changes of its cluster (and cause) while the last one is at most this old. */
  groupWindowMs?: number;
  /** …and while its first one is at most this old (a cluster that churns for ever still gets new rows). */
  groupMaxAgeMs?: number;
  /** Another client's command counts as the cause of its clusters' changes for this long (its follow-up re-lists run 2 min). */
  otherCauseMs?: number;
  /** This client's command counts as the cause for this long after it ended (late pushes). */
  ownGraceMs?: number;
}

export const GROUP_WINDOW_MS = 15_000;
export const GROUP_MAX_AGE_MS = 5 * 60_000;
export const OTHER_CAUSE_MS = 2 * 60_000;
export const OWN_GRACE_MS = 5_000;

/** Another client's command, as recorded (the toast reads it). */
export interface OtherCommandRecorded {
  readonly profile: string;
  readonly entry: OtherCommandEntry;
}

interface Known {
  name: string | undefined;
  cluster: string | undefined;
  state: string;
}

/** A command that may have caused what its clusters do next. */
interface CauseRecord {
  cause: Cause;
  /** The line as compared with a push's `command_line`. */
  normalized: string;
  scope: ActionScope;
  at: number;
  /** When an own command settled. */
  endedAt: number | undefined;
  threadId: number | undefined;
}

interface Group {
  entryId: string;
  firstAt: number;
  lastAt: number;
  /** Pods of a pods entry: key → how it changed over the burst (for distinct counts). */
  pods: Map<string, ChangeType> | undefined;
}

interface Tracker {
  readonly name: string;
  readonly inventory: Inventory;
  readonly inventorySubscription: Disposable;
  session: QboSession | undefined;
  /** `host:port` of the session's server: profiles of one server share its mirror's clients. */
  endpoint: string | undefined;
  secrets: string[];
  sessionSubscriptions: Disposable[];
  /** The inventory has been listed once by this session: changes from now on are activity. */
  baselined: boolean;
  /** `kind\0key` → the last state seen of each cluster and node. */
  readonly known: Map<string, Known>;
  causes: CauseRecord[];
  /** `kind\0key` → the command a push about that object named. */
  readonly pushCauses: Map<string, Cause>;
  /** This client's `wsi`, as the server writes it in the envelopes it sends us. */
  ownWsi: string | undefined;
  /** The previous `clients` list (identity → client), undefined until one came on this connection. */
  clients: Map<string, Client> | undefined;
  /** Own command run id → its entry. */
  readonly ownEntries: Map<number, string>;
  /** `state\0cluster` or `pods\0cluster` → the entry gathering that cluster's changes. */
  readonly groups: Map<string, Group>;
}

/** Reads other than these are routine (every client sends them on connecting): no entry. */
function routineOwn(command: QboCommand): boolean {
  if (command.verb === 'version') return true;
  if (command.verb !== 'get') return false;
  return command.kind !== 'kubeconfig' && command.kind !== 'service-account' && command.kind !== 'cli-configuration';
}

function routineOther(parsed: ParsedCommand): boolean {
  if (parsed.verb === 'version') return true;
  if (parsed.verb !== 'get') return false;
  if (parsed.kind === 'clients') return true;
  return 'target' in parsed && !parsed.kubeconfig;
}

function actionOf(parsed: ParsedCommand): { verb: ActionVerb; on: 'clusters' | 'nodes' } | undefined {
  switch (parsed.verb) {
    case 'start':
    case 'stop':
    case 'delete':
    case 'add':
      return { verb: parsed.verb, on: parsed.kind === 'nodes' ? 'nodes' : 'clusters' };
    default:
      return undefined;
  }
}

/** A command line as lines compare: `qbo ` first, single spaces. */
export function normalizeLine(line: string): string {
  const words = line.trim().split(/\s+/).filter(Boolean);
  if (words[0] === 'qbo') words.shift();
  return words.join(' ');
}

function causeKey(cause: Cause | undefined): string | undefined {
  return cause && `${cause.actor}\u0000${cause.line}`;
}

function covers(scope: ActionScope, cluster: string): boolean {
  return 'everything' in scope || scope.clusters.includes(cluster);
}

/** A client that appears is this window's own (another profile's socket just opening) when it says so within this long. */
export const OWN_SOCKET_GRACE_MS = 2_000;
/** This window's sockets remembered per server (a closed one still leaves the list after it). */
const MAX_OWN_SOCKETS = 100;

export class ActivityRecorder implements Disposable {
  private readonly trackers = new Map<string, Tracker>();
  /** `host:port` → the `wsi` of every socket this window has had there. */
  private readonly ownSockets = new Map<string, Set<string>>();
  /** Arrivals waiting out OWN_SOCKET_GRACE_MS: profile → identity → the timer and what arrived when. */
  private readonly arrivals = new Map<string, Map<string, { timer: Timer; client: Client; at: number }>>();
  private readonly subscriptions: Disposable[];
  private readonly clock: Clock;
  private readonly groupWindowMs: number;
  private readonly groupMaxAgeMs: number;
  private readonly otherCauseMs: number;
  private readonly ownGraceMs: number;
  private readonly otherEmitter = new Emitter<OtherCommandRecorded>();
  /** Fires for every command of another client that was recorded. */
  readonly onDidRecordOtherCommand = this.otherEmitter.event;
  private readonly presenceEmitter = new Emitter<string>();
  /** Fires with a profile's name when its other clients (may) have changed. */
  readonly onDidChangePresence = this.presenceEmitter.event;

  constructor(
    private readonly manager: Pick<SessionManager, 'profiles' | 'onDidChangeProfiles' | 'onDidStartSession' | 'onDidChangeFacts'>,
    private readonly log: ActivityLog,
    private readonly recent: RecentActions,
    options: RecorderOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.groupWindowMs = options.groupWindowMs ?? GROUP_WINDOW_MS;
    this.groupMaxAgeMs = options.groupMaxAgeMs ?? GROUP_MAX_AGE_MS;
    this.otherCauseMs = options.otherCauseMs ?? OTHER_CAUSE_MS;
    this.ownGraceMs = options.ownGraceMs ?? OWN_GRACE_MS;
    this.subscriptions = [
      manager.onDidChangeProfiles(() => this.sync()),
      manager.onDidStartSession((profile) => this.track(profile)),
      manager.onDidChangeFacts((profile) => this.onClients(profile)),
    ];
    this.sync();
  }

  /**
   * The clients of a profile's mirror other than this window's (its own socket, and those of this
   * window's other profiles on the same server), or undefined before its server listed them.
   */
  othersOf(profile: string): Client[] | undefined {
    const tracker = this.trackers.get(profile);
    const clients = this.manager.profiles.find((candidate) => candidate.name === profile)?.facts.clients;
    if (!clients || !tracker) return undefined;
    const own = this.ownWsis(tracker.endpoint);
    return otherClients(clients, tracker.ownWsi).filter((client) => client.wsi === undefined || !own.has(client.wsi));
  }

  /** How many clients other than this window's are connected to any connected profile's mirror (each once); undefined before any list came. */
  otherClientCount(): number | undefined {
    let known = false;
    const distinct = new Set<string>();
    for (const tracker of this.trackers.values()) {
      const others = this.othersOf(tracker.name);
      if (!others) continue;
      known = true;
      for (const client of others) distinct.add(`${tracker.endpoint ?? ''}\u0000${clientIdentity(client)}`);
    }
    return known ? distinct.size : undefined;
  }

  /** The `wsi` of every socket this window has had on a server (its profiles', open or closed). */
  private ownWsis(endpoint: string | undefined): ReadonlySet<string> {
    return (endpoint !== undefined ? this.ownSockets.get(endpoint) : undefined) ?? new Set();
  }

  private learnOwnWsi(tracker: Tracker, wsi: string): void {
    tracker.ownWsi = wsi;
    if (tracker.endpoint === undefined) return;
    let own = this.ownSockets.get(tracker.endpoint);
    if (!own) this.ownSockets.set(tracker.endpoint, (own = new Set()));
    own.add(wsi);
    if (own.size > MAX_OWN_SOCKETS) own.delete(own.values().next().value as string);
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    for (const tracker of this.trackers.values()) this.untrack(tracker);
    this.trackers.clear();
    for (const arrivals of this.arrivals.values()) for (const { timer } of arrivals.values()) timer.cancel();
    this.arrivals.clear();
    this.otherEmitter.dispose();
    this.presenceEmitter.dispose();
  }

  // -- following the profiles ------------------------------------------------------------------

  private sync(): void {
    const profiles = this.manager.profiles;
    const names = new Set(profiles.map((profile) => profile.name));
    for (const [name, tracker] of this.trackers) {
      if (names.has(name)) continue;
      this.untrack(tracker);
      this.trackers.delete(name);
      this.presenceEmitter.fire(name);
    }
    for (const profile of profiles) this.track(profile);
  }

  /** Follows a connected profile: its inventory once, and its current session. */
  private track(profile: ConnectedProfile): void {
    let tracker = this.trackers.get(profile.name);
    if (tracker && tracker.inventory !== profile.inventory) {
      this.untrack(tracker);
      tracker = undefined;
    }
    if (!tracker) {
      const created: Tracker = {
        name: profile.name,
        inventory: profile.inventory,
        inventorySubscription: profile.inventory.onDidChange((event) => this.onInventory(created, event)),
        session: undefined,
        endpoint: undefined,
        secrets: [],
        sessionSubscriptions: [],
        baselined: false,
        known: new Map(),
        causes: [],
        pushCauses: new Map(),
        ownWsi: undefined,
        clients: undefined,
        ownEntries: new Map(),
        groups: new Map(),
      };
      tracker = created;
      this.trackers.set(profile.name, created);
    }
    if (tracker.session === profile.session) return;
    this.bindSession(tracker, profile);
  }

  private bindSession(tracker: Tracker, profile: ConnectedProfile): void {
    for (const subscription of tracker.sessionSubscriptions) subscription.dispose();
    const session = profile.session;
    tracker.session = session;
    tracker.endpoint = `${profile.active.profile.host}:${profile.active.profile.port}`;
    tracker.secrets = secretsOf(profile.active.credentials);
    // A new session (first connect, new credentials) fills the inventory again: nothing it lists
    // is activity until it has listed everything once.
    tracker.baselined = false;
    tracker.ownWsi = undefined;
    tracker.clients = undefined;
    tracker.sessionSubscriptions = [
      session.client.onMessage((message) => this.onMessage(tracker, message)),
      session.onDidRunCommand((run) => this.onRun(tracker, run)),
      session.onStatus((status) => {
        if (status.kind === 'ready' && !tracker.baselined) this.baseline(tracker);
      }),
    ];
    if (session.status.kind === 'ready') this.baseline(tracker);
  }

  private untrack(tracker: Tracker): void {
    tracker.inventorySubscription.dispose();
    for (const subscription of tracker.sessionSubscriptions) subscription.dispose();
    tracker.sessionSubscriptions = [];
    tracker.session = undefined;
  }

  /** What the first full listing holds is the starting point, not activity. */
  private baseline(tracker: Tracker): void {
    // The listing's last changes may still wait in the inventory's coalescing window: deliver them
    // now, while they are not activity yet.
    tracker.inventory.flush();
    tracker.known.clear();
    for (const kind of ['clusters', 'nodes'] as const)
      for (const [key, entity] of tracker.inventory.entries(kind))
        tracker.known.set(`${kind}\u0000${key}`, {
          name: entity.name,
          cluster: kind === 'clusters' ? entity.name : (entity as { cluster?: string }).cluster,
          state: entity.state ?? '',
        });
    tracker.baselined = true;
  }

  // -- messages: other clients' commands, the causes pushes name, our own wsi -------------------

  private onMessage(tracker: Tracker, message: ServerMessage): void {
    const envelope = message.envelope;
    const input = message.payloads.some((payload) => payload.key === 'input');
    if (!input && envelope.command !== 'CMD_INPUT' && envelope.wsi && envelope.wsi !== tracker.ownWsi) {
      this.learnOwnWsi(tracker, envelope.wsi);
      // Its profiles on the same server count one client fewer now, too.
      for (const other of this.trackers.values()) if (other.endpoint === tracker.endpoint) this.presenceEmitter.fire(other.name);
    }
    for (const payload of message.payloads) {
      if (payload.key === 'input') {
        // A command of this window's other profile on the same server is in that profile's own log.
        if (envelope.wsi && this.ownWsis(tracker.endpoint).has(envelope.wsi)) continue;
        for (const item of payload.items) if (item.message) this.onOtherCommand(tracker, item.message, envelope);
        continue;
      }
      if (payload.key !== 'clusters' && payload.key !== 'nodes' && payload.key !== 'pods') continue;
      // A push names the command that caused it (docs/PROTOCOL.md §6): remember it for each object
      // until the inventory reports the change. A reply to one of our listings names the listing.
      if (!message.watch || envelope.uuid !== undefined || !envelope.command_line) continue;
      const cause = this.causeOfPush(tracker, envelope);
      if (!cause) continue;
      if (tracker.pushCauses.size > 20_000) tracker.pushCauses.clear();
      for (const item of payload.items as Record<string, unknown>[]) {
        const key = entityKey(payload.key, item);
        if (key !== undefined) tracker.pushCauses.set(`${payload.key}\u0000${key}`, cause);
      }
    }
  }

  private onOtherCommand(tracker: Tracker, text: string, envelope: Envelope): void {
    const now = this.clock.now();
    const shown = this.clean(tracker, text);
    let parsed: ParsedCommand | undefined;
    try {
      parsed = parseCommandLine(shown);
    } catch {
      parsed = undefined;
    }
    // Listings, `get clients` and `version` change nothing, and every client sends a dozen of them
    // when it connects: its connecting is the entry (docs/DECISIONS.md, "Activity").
    if (parsed && routineOther(parsed)) return;
    const who = this.who(tracker, envelope.user, envelope.peer, envelope.agent);
    const action = parsed && actionOf(parsed);
    const scope = parsed && action ? reconcileScope(parsed, tracker.inventory) : undefined;
    const line = /^qbo(\s|$)/.test(shown) ? shown : `qbo ${shown}`;
    const entry: OtherCommandEntry = {
      kind: 'other-command',
      id: this.log.nextId(now),
      at: now,
      who,
      line,
      clusters: scope && 'clusters' in scope ? scope.clusters.slice(0, 100).map((name) => this.clean(tracker, name)) : [],
      all: scope !== undefined && 'everything' in scope,
      ...(action ? { action } : {}),
    };
    this.log.add(tracker.name, entry);
    if (action && scope) {
      const cause: Cause = { line, actor: 'other', who };
      this.addCause(tracker, { cause, normalized: normalizeLine(line), scope, at: now, endedAt: undefined, threadId: envelope.thread_id });
      this.recent.recordOther(tracker.name, scope, { at: now, who, verb: action.verb, on: action.on, all: entry.all, line });
    }
    this.otherEmitter.fire({ profile: tracker.name, entry });
  }

  /** The command a push names: another client's we saw as `input`, one of ours, or one nobody here saw. */
  private causeOfPush(tracker: Tracker, envelope: Envelope): Cause | undefined {
    const line = this.clean(tracker, envelope.command_line ?? '');
    let parsed: ParsedCommand;
    try {
      parsed = parseCommandLine(line);
    } catch {
      return undefined;
    }
    if (!actionOf(parsed)) return undefined;
    const normalized = normalizeLine(line);
    const now = this.clock.now();
    for (let i = tracker.causes.length - 1; i >= 0; i--) {
      const record = tracker.causes[i] as CauseRecord;
      if (!this.active(record, now)) continue;
      const sameThread = record.threadId !== undefined && envelope.thread_id !== undefined && record.threadId === envelope.thread_id;
      if (sameThread || record.normalized === normalized) return record.cause;
    }
    return { line: /^qbo(\s|$)/.test(line) ? line : `qbo ${line}`, actor: 'unknown' };
  }

  // -- our own commands -------------------------------------------------------------------------

  private onRun(tracker: Tracker, run: CommandRun): void {
    if (routineOwn(run.command)) return;
    if (run.phase === 'started') {
      const line = this.clean(tracker, `qbo ${run.line}`);
      const scope = commandScope(run.command);
      const changesState = scope !== undefined;
      const entry: OwnCommandEntry = {
        kind: 'own-command',
        id: this.log.nextId(run.at),
        at: run.at,
        line,
        clusters: scope && 'clusters' in scope ? scope.clusters.slice(0, 100).map((name) => this.clean(tracker, name)) : [],
        all: scope !== undefined && 'everything' in scope,
        changesState,
        outcome: 'running',
        startedAt: run.at,
      };
      tracker.ownEntries.set(run.id, entry.id);
      this.log.add(tracker.name, entry);
      if (scope) {
        const cause: Cause = { line, actor: 'you' };
        this.addCause(tracker, { cause, normalized: normalizeLine(line), scope, at: run.at, endedAt: undefined, threadId: undefined });
        this.recent.recordOwn(tracker.name, scope, run.at);
      }
      return;
    }
    const entryId = tracker.ownEntries.get(run.id);
    tracker.ownEntries.delete(run.id);
    const normalized = normalizeLine(this.clean(tracker, run.line));
    for (const record of tracker.causes)
      if (record.cause.actor === 'you' && record.at === run.startedAt && record.normalized === normalized) record.endedAt = run.at;
    const entry = entryId !== undefined ? this.log.find(tracker.name, entryId) : undefined;
    if (entry?.kind !== 'own-command') return;
    const ended: OwnCommandEntry = {
      ...entry,
      outcome: run.error === undefined ? 'done' : 'failed',
      durationMs: Math.max(0, run.at - run.startedAt),
      ...(run.error !== undefined ? { error: this.clean(tracker, run.error) } : {}),
    };
    this.log.replace(tracker.name, ended);
  }

  // -- the inventory: states of clusters and nodes, pods ----------------------------------------

  private onInventory(tracker: Tracker, event: InventoryChangeEvent): void {
    if (!tracker.baselined) return;
    if (event.reset) {
      // Too many changes to name (a large listing): compare what is there with what was known.
      if (event.resetKinds === undefined || event.resetKinds.has('clusters') || event.resetKinds.has('nodes')) this.rescan(tracker);
      return;
    }
    const order = { clusters: 0, nodes: 1, pods: 2 } as Record<string, number | undefined>;
    const changes = event.changes
      .filter((change) => order[change.kind] !== undefined)
      .sort((a, b) => (order[a.kind] as number) - (order[b.kind] as number));
    for (const change of changes) {
      if (change.kind === 'pods') this.onPod(tracker, change);
      else this.onMachine(tracker, change.kind as 'clusters' | 'nodes', change.key, change.type, change.entity as Record<string, unknown>);
    }
  }

  private rescan(tracker: Tracker): void {
    const seen = new Set<string>();
    for (const kind of ['clusters', 'nodes'] as const) {
      for (const [key, entity] of tracker.inventory.entries(kind)) {
        seen.add(`${kind}\u0000${key}`);
        const known = tracker.known.get(`${kind}\u0000${key}`);
        if (!known || known.state !== (entity.state ?? '')) this.onMachine(tracker, kind, key, known ? 'updated' : 'added', entity);
      }
    }
    for (const [id, known] of [...tracker.known]) {
      if (seen.has(id)) continue;
      const [kind, key] = id.split('\u0000') as ['clusters' | 'nodes', string];
      this.onMachine(tracker, kind, key, 'removed', { name: known.name, cluster: known.cluster });
    }
  }

  private onMachine(tracker: Tracker, kind: 'clusters' | 'nodes', key: string, type: ChangeType, entity: Record<string, unknown>): void {
    const id = `${kind}\u0000${key}`;
    const previous = tracker.known.get(id);
    const name = typeof entity.name === 'string' && entity.name !== '' ? entity.name : (previous?.name ?? key);
    const cluster =
      kind === 'clusters' ? name : typeof entity.cluster === 'string' && entity.cluster !== '' ? entity.cluster : previous?.cluster;
    const from = previous ? previous.state : null;
    const to = type === 'removed' ? null : typeof entity.state === 'string' ? entity.state : '';
    if (to === null) tracker.known.delete(id);
    else tracker.known.set(id, { name, cluster, state: to });
    const pushed = tracker.pushCauses.get(id);
    tracker.pushCauses.delete(id);
    if (from === to || cluster === undefined) return;
    const cause = pushed ?? this.activeCause(tracker, cluster);
    if (kind === 'clusters') this.clusterChanged(tracker, cluster, key, from, to, cause);
    else this.nodeChanged(tracker, cluster, key, name, from, to, cause);
  }

  private clusterChanged(
    tracker: Tracker,
    cluster: string,
    key: string,
    from: string | null,
    to: string | null,
    cause: Cause | undefined,
  ): void {
    const now = this.clock.now();
    const open = this.openGroup(tracker, 'state', cluster, cause, now);
    if (open?.kind === 'state') {
      const change = open.change
        ? { from: open.change.from, via: [...open.change.via, ...(open.change.to !== null ? [open.change.to] : [])].slice(-8), to }
        : { from, via: [], to };
      this.log.update(tracker.name, { ...open, at: now, clusterKey: key, change });
      return;
    }
    const entry: StateEntry = {
      kind: 'state',
      id: this.log.nextId(now),
      at: now,
      cluster: this.clean(tracker, cluster),
      clusterKey: key,
      change: { from, via: [], to },
      nodes: [],
      moreNodes: 0,
      ...(cause ? { cause } : {}),
    };
    this.startGroup(tracker, 'state', cluster, entry, now, undefined);
  }

  private nodeChanged(
    tracker: Tracker,
    cluster: string,
    key: string,
    name: string,
    from: string | null,
    to: string | null,
    cause: Cause | undefined,
  ): void {
    const now = this.clock.now();
    const open = this.openGroup(tracker, 'state', cluster, cause, now);
    if (open?.kind === 'state') {
      const nodes = [...open.nodes];
      const index = nodes.findIndex((node) => node.key === key);
      let moreNodes = open.moreNodes;
      if (index >= 0) nodes[index] = { ...(nodes[index] as StateEntry['nodes'][number]), to };
      else if (nodes.length < MAX_NODES_LISTED) nodes.push({ name: this.clean(tracker, name), key, from, to });
      else moreNodes++;
      this.log.update(tracker.name, { ...open, at: now, nodes, moreNodes });
      return;
    }
    const entry: StateEntry = {
      kind: 'state',
      id: this.log.nextId(now),
      at: now,
      cluster: this.clean(tracker, cluster),
      nodes: [{ name: this.clean(tracker, name), key, from, to }],
      moreNodes: 0,
      ...(cause ? { cause } : {}),
    };
    const clusterKey = tracker.inventory.findCluster(cluster)?.[0];
    this.startGroup(tracker, 'state', cluster, clusterKey ? { ...entry, clusterKey } : entry, now, undefined);
  }

  private onPod(tracker: Tracker, change: InventoryChange): void {
    const cluster = change.cluster;
    if (!cluster) return;
    const now = this.clock.now();
    const id = `pods\u0000${change.key}`;
    const pushed = tracker.pushCauses.get(id);
    tracker.pushCauses.delete(id);
    const cause = pushed ?? this.activeCause(tracker, cluster);
    const open = this.openGroup(tracker, 'pods', cluster, cause, now);
    const group = open ? tracker.groups.get(`pods\u0000${cluster}`) : undefined;
    if (open?.kind === 'pods' && group?.pods) {
      const before = group.pods.get(change.key);
      group.pods.set(change.key, foldPodChange(before, change.type));
      this.log.update(tracker.name, { ...open, at: now, ...podCounts(group.pods) });
      return;
    }
    const pods = new Map<string, ChangeType>([[change.key, change.type]]);
    const entry: PodsEntry = {
      kind: 'pods',
      id: this.log.nextId(now),
      at: now,
      cluster: this.clean(tracker, cluster),
      ...podCounts(pods),
      ...(cause ? { cause } : {}),
    };
    this.startGroup(tracker, 'pods', cluster, entry, now, pods);
  }

  /** The entry still gathering this cluster's changes of this kind, when the cause fits and it is recent. */
  private openGroup(
    tracker: Tracker,
    kind: 'state' | 'pods',
    cluster: string,
    cause: Cause | undefined,
    now: number,
  ): ActivityEntry | undefined {
    const group = tracker.groups.get(`${kind}\u0000${cluster}`);
    if (!group) return undefined;
    const entry = this.log.find(tracker.name, group.entryId);
    const fresh = now - group.lastAt <= this.groupWindowMs && now - group.firstAt <= this.groupMaxAgeMs;
    const entryCause = entry && (entry.kind === 'state' || entry.kind === 'pods') ? entry.cause : undefined;
    // A change nobody is known to have caused joins whatever is under way; one a command caused
    // joins only that command's entry.
    const fits = !cause || causeKey(cause) === causeKey(entryCause);
    if (!entry || !fresh || !fits) {
      tracker.groups.delete(`${kind}\u0000${cluster}`);
      return undefined;
    }
    group.lastAt = now;
    return entry;
  }

  private startGroup(
    tracker: Tracker,
    kind: 'state' | 'pods',
    cluster: string,
    entry: ActivityEntry,
    now: number,
    pods: Map<string, ChangeType> | undefined,
  ): void {
    this.log.add(tracker.name, entry);
    tracker.groups.set(`${kind}\u0000${cluster}`, { entryId: entry.id, firstAt: now, lastAt: now, pods });
  }

  // -- causes -----------------------------------------------------------------------------------

  private addCause(tracker: Tracker, record: CauseRecord): void {
    const now = this.clock.now();
    tracker.causes = tracker.causes.filter((candidate) => this.active(candidate, now));
    tracker.causes.push(record);
    if (tracker.causes.length > 200) tracker.causes.splice(0, tracker.causes.length - 200);
  }

  private active(record: CauseRecord, now: number): boolean {
    if (record.cause.actor === 'you') return record.endedAt === undefined || now - record.endedAt <= this.ownGraceMs;
    return now - record.at <= this.otherCauseMs;
  }

  /** The latest command still under way that covers the cluster: an own one in flight, another client's recent one. */
  private activeCause(tracker: Tracker, cluster: string): Cause | undefined {
    const now = this.clock.now();
    for (let i = tracker.causes.length - 1; i >= 0; i--) {
      const record = tracker.causes[i] as CauseRecord;
      if (this.active(record, now) && covers(record.scope, cluster)) return record.cause;
    }
    return undefined;
  }

  // -- clients ----------------------------------------------------------------------------------

  private onClients(profile: ConnectedProfile): void {
    const tracker = this.trackers.get(profile.name);
    if (!tracker || tracker.session !== profile.session) return;
    const list = profile.facts.clients;
    if (list === undefined) {
      // Our connection is gone: what it was told no longer holds, and the next list starts afresh.
      tracker.clients = undefined;
      this.presenceEmitter.fire(tracker.name);
      return;
    }
    const current = new Map(list.map((client) => [clientIdentity(client), client]));
    const previous = tracker.clients;
    tracker.clients = current;
    this.presenceEmitter.fire(tracker.name);
    if (previous === undefined) return;
    // Never this window itself: its socket, or one of its other profiles' on the same server. A
    // profile's socket that just opened may learn its wsi a moment after the others see it, so an
    // arrival is recorded a little later, unless it turned out to be ours (or left again).
    const own = this.ownWsis(tracker.endpoint);
    const now = this.clock.now();
    let arrivals = this.arrivals.get(tracker.name);
    if (!arrivals) this.arrivals.set(tracker.name, (arrivals = new Map()));
    const waiting = arrivals;
    for (const [identity, client] of current) {
      if (previous.has(identity) || own.has(identity) || waiting.has(identity)) continue;
      const timer = this.clock.after(OWN_SOCKET_GRACE_MS, () => {
        waiting.delete(identity);
        if (this.trackers.get(tracker.name) === tracker && !this.ownWsis(tracker.endpoint).has(identity))
          this.clientChanged(tracker, 'connected', client, now);
      });
      waiting.set(identity, { timer, client, at: now });
    }
    for (const [identity, client] of previous) {
      if (current.has(identity) || own.has(identity)) continue;
      // A client that comes and goes within the grace: its arrival first, then its leaving.
      const arrival = waiting.get(identity);
      if (arrival) {
        arrival.timer.cancel();
        waiting.delete(identity);
        this.clientChanged(tracker, 'connected', arrival.client, arrival.at);
      }
      this.clientChanged(tracker, 'disconnected', client, now);
    }
  }

  private clientChanged(tracker: Tracker, change: 'connected' | 'disconnected', client: Client, now: number): void {
    this.log.add(tracker.name, {
      kind: 'clients',
      id: this.log.nextId(now),
      at: now,
      change,
      who: this.who(tracker, client.user, client.address, client.agent),
    });
  }

  // -- text -------------------------------------------------------------------------------------

  /** Server or command text as an entry keeps it: displayable, bounded, and with every secret the log would redact removed. */
  private clean(tracker: Tracker, text: string): string {
    return displayText(redact(text, tracker.secrets), MAX_TEXT);
  }

  private who(tracker: Tracker, user: string | undefined, address: string | undefined, agent: string | undefined): Who {
    const who: Who = {};
    if (user) who.user = this.clean(tracker, user);
    if (address) who.address = this.clean(tracker, address);
    if (agent) who.agent = this.clean(tracker, agent);
    return who;
  }
}

/** A client in successive lists: its `wsi`, else where and what it is and since when. */
function clientIdentity(client: Client): string {
  return client.wsi ?? `${client.address ?? ''}|${client.agent ?? ''}|${client.timestamp ?? ''}`;
}

/** How a pod changed over a burst: added then removed is gone again (removed), removed then added is updated. */
function foldPodChange(before: ChangeType | undefined, type: ChangeType): ChangeType {
  if (!before) return type;
  if (before === 'added') return type === 'removed' ? 'removed' : 'added';
  if (before === 'removed') return type === 'added' ? 'updated' : 'removed';
  return type === 'removed' ? 'removed' : 'updated';
}

function podCounts(pods: ReadonlyMap<string, ChangeType>): { added: number; updated: number; removed: number } {
  const counts = { added: 0, updated: 0, removed: 0 };
  for (const type of pods.values()) counts[type]++;
  return counts;
}
