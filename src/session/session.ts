// One signed-in session: the connection, its requests and the inventory they feed. Re-lists
// everything whenever the link opens (first connect and every reconnect), and never polls while
// the socket is healthy: mirror pushes keep the inventory current. No VS Code API here.
import { CommandFailedError, QboClient, type CommandResult, type RequestProgress } from '../qbo/client';
import { parseCommandLine, type GetKind, type ParsedCommand } from '../qbo/commandLine';
import { commandScope, getCommand, type QboCommand } from '../qbo/commands';
import { QboConnection, connectionUrl, type ConnectionOptions, type ConnectionState } from '../qbo/connection';
import { buildCookie, secretsOf, type QboCredentials } from '../qbo/credentials';
import { Emitter, type Disposable } from '../qbo/events';
import { Inventory, type InventoryKind } from '../qbo/inventory';
import { outputMessages, type ParseError, type ServerMessage } from '../qbo/messages';
import { redact } from '../qbo/redact';
import { stateClass } from '../qbo/domain';
import { clusterRefs } from '../qbo/addressing';
import { reconcileScope, type ReconcileScope } from './reconcileScope';

export interface Logger {
  trace(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Connection settings of a profile; nothing secret. */
export interface ConnectionProfile {
  name: string;
  host: string;
  port: number;
  scheme?: 'ws' | 'wss';
  path?: string;
  caFile?: string;
  allowSelfSigned?: boolean;
  allowInsecure?: boolean;
}

export type SessionStatus =
  | { kind: 'connecting' }
  | { kind: 'loading' }
  | { kind: 'ready' }
  | { kind: 'reconnecting'; delayMs: number; reason: string }
  | { kind: 'list-failed'; message: string }
  | { kind: 'credentials-rejected' }
  | { kind: 'closed'; reason: string };

export interface SessionOptions {
  profile: ConnectionProfile;
  credentials: QboCredentials;
  logger: Logger;
  requestTimeoutMs?: number;
  /** Overrides for tests and benchmarks (ping interval, backoff, frame cap). */
  connection?: Partial<ConnectionOptions>;
  coalesceMs?: number;
  /** An inventory to fill (the extension keeps one across sessions so the tree binds once). */
  inventory?: Inventory;
  /** For tests: the follow-up delays after another client's command (default FOLLOW_UP_DELAYS_MS). */
  followUpDelaysMs?: readonly number[];
  /** For tests: the object cap of the session's own inventory (default MAX_INVENTORY_OBJECTS). */
  maxObjects?: number;
}

/**
 * A user command this session runs (`run`), as other parts follow it (the Activity view): once when
 * it is sent, once when it has settled (after the re-list of what it touched). Listings the session
 * makes on its own are not user commands and fire nothing.
 */
export type CommandRun =
  | { readonly phase: 'started'; readonly id: number; readonly command: QboCommand; readonly line: string; readonly at: number }
  | {
      readonly phase: 'ended';
      readonly id: number;
      readonly command: QboCommand;
      readonly line: string;
      readonly at: number;
      readonly startedAt: number;
      /** The failure, redacted like the log; undefined when the command succeeded. */
      readonly error: string | undefined;
    };

/** Kinds listed on every (re)connect, clusters first so the tree fills top-down. */
export const LISTED_KINDS: readonly (GetKind & InventoryKind)[] = ['clusters', 'nodes', 'pods', 'services', 'networks', 'ipvs'];

/**
 * Another client's command may still be running when its `input` arrives, and a server without
 * deleted pushes says nothing when it ends: while the clusters it named are in transition, they
 * are re-listed again after these delays (then never again), docs/DECISIONS.md "Reconcile".
 */
export const FOLLOW_UP_DELAYS_MS: readonly number[] = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000, 60_000];

/** Bad frames are summarised at most this often, however many arrive. */
const BAD_FRAME_LOG_INTERVAL_MS = 10_000;

export class QboSession implements Disposable {
  readonly connection: QboConnection;
  readonly client: QboClient;
  readonly inventory: Inventory;
  readonly profile: ConnectionProfile;
  readonly credentials: QboCredentials;
  private readonly logger: Logger;
  private readonly secrets: string[];
  private readonly ownsInventory: boolean;
  private readonly statusEmitter = new Emitter<SessionStatus>();
  readonly onStatus = this.statusEmitter.event;
  private readonly runEmitter = new Emitter<CommandRun>();
  /** Fires when a user command (`run`) is sent and when it has settled. */
  readonly onDidRunCommand = this.runEmitter.event;
  private runs = 0;
  private currentStatus: SessionStatus = { kind: 'connecting' };
  private readonly disposables: Disposable[] = [];
  private listGeneration = 0;
  private badFrames = 0;
  private badFramesLogged = 0;
  private badFrameTimer: NodeJS.Timeout | undefined;
  private lastBadFrame = '';
  /** Resolves the first time the session becomes ready; used by commands that need data. */
  private readyWaiters: (() => void)[] = [];
  /** Pending follow-up re-lists of clusters another client's command is changing. */
  private readonly followUps = new Set<NodeJS.Timeout>();
  private readonly followUpDelays: readonly number[];

  constructor(options: SessionOptions) {
    this.profile = options.profile;
    this.credentials = options.credentials;
    this.logger = options.logger;
    this.followUpDelays = options.followUpDelaysMs ?? FOLLOW_UP_DELAYS_MS;
    this.secrets = secretsOf(options.credentials);
    this.ownsInventory = options.inventory === undefined;
    this.inventory =
      options.inventory ??
      new Inventory({
        coalesceMs: options.coalesceMs ?? 10,
        ...(options.maxObjects !== undefined ? { maxObjects: options.maxObjects } : {}),
      });
    this.connection = new QboConnection({
      host: options.profile.host,
      port: options.profile.port,
      ...(options.profile.scheme ? { scheme: options.profile.scheme } : {}),
      ...(options.profile.path ? { path: options.profile.path } : {}),
      ...(options.profile.caFile ? { caFile: options.profile.caFile } : {}),
      allowSelfSigned: options.profile.allowSelfSigned === true,
      allowInsecure: options.profile.allowInsecure === true,
      cookie: () => buildCookie(options.credentials),
      ...options.connection,
    });
    this.client = new QboClient(this.connection, { requestTimeoutMs: options.requestTimeoutMs ?? 60_000 });
    this.disposables.push(
      this.connection.onState((state) => this.onConnectionState(state)),
      this.connection.onInvalidFrame((error) => this.onBadFrame(error)),
      this.client.onMessage((message) => this.onMessage(message)),
      this.inventory.onDidReachCap((cap) => this.stopAtCap(cap)),
    );
  }

  get status(): SessionStatus {
    return this.currentStatus;
  }

  get url(): string {
    return connectionUrl(this.profile);
  }

  start(): void {
    this.log('info', `connecting to ${this.url} as ${this.credentials.user ?? this.credentials.kind}`);
    this.connection.connect();
  }

  /** Reconnects now if the link is down; otherwise re-lists everything at once. */
  refresh(): Promise<void> {
    if (this.connection.isOpen) return this.relist();
    if (this.currentStatus.kind === 'credentials-rejected') return Promise.resolve();
    this.connection.close('reconnecting on request');
    this.connection.connect();
    return Promise.resolve();
  }

  /** Lists every kind (`get KIND -A`), sweeping what the server no longer has. */
  async relist(): Promise<void> {
    const generation = ++this.listGeneration;
    if (this.inventory.size('clusters') === 0) this.setStatus({ kind: 'loading' });
    const started = Date.now();
    const results = await Promise.allSettled(LISTED_KINDS.map((kind) => this.list(kind)));
    if (generation !== this.listGeneration) return;
    const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure) {
      const message = failure.reason instanceof Error ? failure.reason.message : String(failure.reason);
      this.log('warn', `listing failed: ${message}`);
      if (this.connection.isOpen) this.setStatus({ kind: 'list-failed', message });
      return;
    }
    this.log(
      'info',
      `listed ${this.inventory.size('clusters')} clusters, ${this.inventory.size('nodes')} nodes, ${this.inventory.size('pods')} pods in ${Date.now() - started} ms`,
    );
    this.setStatus({ kind: 'ready' });
  }

  /** Lists one kind, tracking it so the inventory sweeps objects the answer no longer has. */
  list(kind: GetKind & InventoryKind): Promise<CommandResult> {
    return this.listTracked(kind, getCommand(kind));
  }

  /**
   * Re-lists what a command touched: everything, or the named clusters' objects of every listed
   * kind with the sweep limited to those clusters (so a cluster gone without a deleted push
   * leaves the inventory, with its children). Failures are logged; the next re-list mends them.
   */
  async reconcile(scope: ReconcileScope): Promise<void> {
    if (!this.connection.isOpen) return;
    if ('everything' in scope) return this.relist();
    if (scope.clusters.length === 0) return;
    const results = await Promise.allSettled(LISTED_KINDS.map((kind) => this.listClusters(kind, scope.clusters)));
    const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure) this.log('warn', `re-listing ${scope.clusters.join(', ')} failed: ${errorText(failure.reason)}`);
  }

  /**
   * One kind of the named clusters. A server that answers 404 for a name it no longer has (a
   * deleted cluster) is asked for the kind with `-A`, still sweeping only those clusters.
   */
  private async listClusters(kind: GetKind & InventoryKind, clusters: readonly string[]): Promise<void> {
    const refs = clusterRefs(clusters, this.inventory);
    if (refs) {
      try {
        await this.listTracked(kind, getCommand(kind, refs), clusters);
        return;
      } catch (error) {
        if (!(error instanceof CommandFailedError && error.code === 404)) throw error;
      }
    }
    // A cluster that cannot be named (or is gone: 404): list all, still sweeping only those clusters.
    await this.listTracked(kind, getCommand(kind), clusters);
  }

  private listTracked(kind: GetKind & InventoryKind, command: QboCommand, clusters?: readonly string[]): Promise<CommandResult> {
    let uuid: string | undefined;
    const request = this.client.send(command, {
      beforeSend: (id) => {
        uuid = id;
        this.inventory.trackListing(id, kind, clusters);
      },
    });
    return request.done.catch((error: unknown) => {
      if (uuid) this.inventory.cancelListing(uuid);
      throw error;
    });
  }

  /**
   * Runs a user command, logging each output line with its command id. When a start, stop, add
   * or delete ends, successful or not, what it touched is re-listed before this settles.
   */
  async run(command: QboCommand, onProgress?: (progress: RequestProgress) => void, timeoutMs?: number): Promise<CommandResult> {
    // What to re-list afterwards comes from the value itself, never from its rendered text.
    const scope = commandScope(command);
    let tag = '';
    const request = this.client.send(command, {
      ...(timeoutMs ? { timeoutMs } : {}),
      onProgress: (progress) => {
        tag ||= progress.message?.envelope.command_id?.slice(0, 8) ?? '';
        for (const line of progress.output) this.log('info', `[${tag || request.uuid.slice(0, 8)}] ${line}`);
        onProgress?.(progress);
      },
    });
    this.log('info', `> qbo ${request.line}`);
    const id = ++this.runs;
    const startedAt = Date.now();
    this.runEmitter.fire({ phase: 'started', id, command, line: request.line, at: startedAt });
    let failure: string | undefined;
    try {
      return await request.done;
    } catch (error) {
      failure = redact(errorText(error), this.secrets);
      this.log('error', errorText(error));
      throw error;
    } finally {
      if (scope) await this.reconcile(scope);
      this.runEmitter.fire({ phase: 'ended', id, command, line: request.line, at: Date.now(), startedAt, error: failure });
    }
  }

  /** Resolves once the session has listed everything (at once if it already has). */
  whenReady(timeoutMs = 30_000): Promise<boolean> {
    if (this.currentStatus.kind === 'ready') return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.readyWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  dispose(): void {
    this.listGeneration++;
    for (const timer of this.followUps) clearTimeout(timer);
    this.followUps.clear();
    if (this.badFrameTimer) clearTimeout(this.badFrameTimer);
    for (const disposable of this.disposables) disposable.dispose();
    this.client.dispose();
    this.connection.dispose();
    if (this.ownsInventory) this.inventory.dispose();
    this.statusEmitter.dispose();
    this.runEmitter.dispose();
  }

  private setStatus(status: SessionStatus): void {
    this.currentStatus = status;
    this.statusEmitter.fire(status);
    if (status.kind === 'ready') {
      const waiters = this.readyWaiters;
      this.readyWaiters = [];
      for (const waiter of waiters) waiter();
    }
  }

  private onConnectionState(state: ConnectionState): void {
    switch (state.kind) {
      case 'connecting':
        if (state.attempt === 1 && this.inventory.size('clusters') === 0) this.setStatus({ kind: 'connecting' });
        return;
      case 'open':
        this.log('info', `connected to ${this.url}${state.protocol ? ` (subprotocol ${state.protocol})` : ''}`);
        // Every open, first or after a reconnect, re-lists: pushes missed while away are lost.
        void this.relist();
        return;
      case 'reconnecting':
        // Background events are logged, never toasted.
        this.log('warn', `connection lost (${state.reason}); reconnecting in ${Math.ceil(state.delayMs / 1000)} s`);
        this.setStatus({ kind: 'reconnecting', delayMs: state.delayMs, reason: state.reason });
        return;
      case 'credentials-rejected':
        this.log('error', `the server rejected the credentials (HTTP ${state.status}); sign in again`);
        this.setStatus({ kind: 'credentials-rejected' });
        return;
      case 'closed':
        this.setStatus({ kind: 'closed', reason: state.reason });
        if (state.reason !== 'disposed') this.log('info', `connection closed: ${state.reason}`);
        return;
      default:
        return;
    }
  }

  private onMessage(message: ServerMessage): void {
    this.inventory.apply(message);
    for (const payload of message.payloads) {
      if (payload.key !== 'input') continue;
      for (const item of payload.items) if (item.message) this.onOtherClientCommand(item.message, message);
    }
    if (message.envelope.uuid === undefined && (message.envelope.code ?? 200) >= 400) {
      // The server's answer to a frame it could not read (it carries no uuid of ours).
      this.log('warn', `server reported: ${outputMessages(message).join('; ') || message.envelope.status || 'error'}`);
    } else if (message.watch && message.envelope.uuid === undefined) {
      // Mirror pushes are traced (visible at the channel's Trace level): what changed, not the data.
      const changed = message.payloads
        .filter((payload) => payload.key !== 'output')
        .map((payload) => `${payload.items.length} ${payload.key}`);
      if (changed.length > 0)
        this.log('trace', `[push] ${changed.join(', ')}${message.envelope.command_line ? ` (${message.envelope.command_line})` : ''}`);
      for (const line of outputMessages(message)) this.log('trace', `[push] ${line}`);
    }
  }

  /** The scope of another client's command line, or undefined when it changes nothing or does not parse. */
  private scopeOfOtherClientCommand(commandLine: string): ReconcileScope | undefined {
    let parsed: ParsedCommand;
    try {
      parsed = parseCommandLine(commandLine);
    } catch {
      return undefined;
    }
    return reconcileScope(parsed, this.inventory);
  }

  /**
   * Another client of this user ran a command (an `input` message, docs/PROTOCOL.md §8): one log line,
   * never a toast, and a re-list of what it names, followed up while those clusters are in transition.
   */
  private onOtherClientCommand(commandLine: string, message: ServerMessage): void {
    const line = printable(commandLine);
    const shown = /^qbo(\s|$)/.test(line) ? line : `qbo ${line}`;
    const { user, peer, agent } = message.envelope;
    const from = [peer ? `from ${printable(peer)}` : '', agent ? printable(agent) : ''].filter(Boolean).join(', ');
    this.log('info', `${user ? printable(user) : 'another client'} ran \`${shown}\`${from ? ` ${from}` : ''}`);
    const scope = this.scopeOfOtherClientCommand(line);
    if (scope) void this.reconcileFollowing(scope, 0);
  }

  private async reconcileFollowing(scope: ReconcileScope, attempt: number): Promise<void> {
    await this.reconcile(scope);
    const delay = this.followUpDelays[attempt];
    if (delay === undefined || !this.inTransition(scope)) return;
    const timer = setTimeout(() => {
      this.followUps.delete(timer);
      void this.reconcileFollowing(scope, attempt + 1);
    }, delay);
    timer.unref?.();
    this.followUps.add(timer);
  }

  /** True while a cluster of the scope, or one of its nodes, is in a transitional state. */
  private inTransition(scope: ReconcileScope): boolean {
    const clusters = 'everything' in scope ? this.inventory.all('clusters').map((cluster) => cluster.name ?? '') : scope.clusters;
    return clusters.some((name) => {
      const cluster = this.inventory.findCluster(name)?.[1];
      if (cluster && stateClass(cluster.state) === 'transitional') return true;
      return this.inventory.inCluster(name, 'nodes').some(([, node]) => stateClass(node.state) === 'transitional');
    });
  }

  /**
   * The server sent more objects than the inventory holds (a flood, or a world far beyond any real
   * account): stop listening, with one message (the status, the tree's error row, one log line), and
   * let the memory go. Refresh or signing in again starts over.
   */
  private stopAtCap(cap: number): void {
    const reason = `the server sent more than ${cap.toLocaleString('en-US')} objects, more than qbo Explorer holds; it stopped listening to protect VS Code (Refresh to try again)`;
    this.log('error', reason);
    this.connection.close(reason);
    this.inventory.clear();
  }

  private onBadFrame(error: ParseError): void {
    this.badFrames++;
    this.lastBadFrame = error.detail;
    if (this.badFrameTimer) return;
    const report = (): void => {
      const count = this.badFrames - this.badFramesLogged;
      if (count === 0) {
        this.badFrameTimer = undefined;
        return;
      }
      this.badFramesLogged = this.badFrames;
      this.log(
        'warn',
        `ignored ${count} malformed frame${count === 1 ? '' : 's'} from the server (last: ${this.lastBadFrame}); total ${this.badFrames}`,
      );
      this.badFrameTimer = setTimeout(report, BAD_FRAME_LOG_INTERVAL_MS);
      this.badFrameTimer.unref?.();
    };
    report();
  }

  /** Total malformed frames seen (reported in logs in rate-limited summaries). */
  get badFrameCount(): number {
    return this.badFrames;
  }

  private log(level: keyof Logger, message: string): void {
    this.logger[level](redact(message, this.secrets));
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Server-given text for one log line: no control characters, bounded length. */
function printable(text: string): string {
  let clean = '';
  for (const char of text) clean += char < ' ' || (char >= '\u007f' && char <= '\u009f') ? ' ' : char;
  clean = clean.replace(/ {2,}/g, ' ').trim();
  return clean.length > 200 ? `${clean.slice(0, 199)}…` : clean;
}
