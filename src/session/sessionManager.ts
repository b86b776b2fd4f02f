// Owns one live session per connected profile. Starts lazily (no network before the view is
// first shown or a command needs it), follows the profile source (a profile connected,
// disconnected, or its settings or credentials changed) and keeps each profile's inventory
// across its sessions, so the tree binds to it once and its rows keep their ids. No VS Code API
// here: the extension, the system tests and the benchmarks drive the same class.
import { Emitter, type Disposable, type Event } from '../qbo/events';
import { Inventory } from '../qbo/inventory';
import type { ActiveProfile, ProfileResolution, ProfileSource } from './profiles';
import { ServerFacts } from './serverFacts';
import { QboSession, type Logger, type SessionOptions, type SessionStatus } from './session';

/** One connected profile as the UI shows it: its live session's status, or why it cannot connect. */
export type ProfileState =
  { kind: 'session'; name: string; active: ActiveProfile; status: SessionStatus } | { kind: 'invalid'; name: string; message: string };

export type ManagerState = { kind: 'idle' } | { kind: 'ready'; profiles: readonly ProfileState[] };

/**
 * What a one-profile UI shows (the status bar, the view's texts), as before several profiles
 * could be connected: undefined when two or more are.
 */
export type SingleState = { kind: 'idle' } | { kind: 'signed-out' } | ProfileState;

export function singleState(state: ManagerState): SingleState | undefined {
  if (state.kind === 'idle') return state;
  if (state.profiles.length === 0) return { kind: 'signed-out' };
  return state.profiles.length === 1 ? state.profiles[0] : undefined;
}

/** A profile with a live session: what commands act through. */
export interface ConnectedProfile {
  readonly name: string;
  readonly active: ActiveProfile;
  readonly session: QboSession;
  /** Kept across the profile's sessions (a reconnect with new credentials keeps the tree bound). */
  readonly inventory: Inventory;
  /** What the current session learned about the server (clients, version, user). */
  readonly facts: ServerFacts;
}

interface Entry {
  name: string;
  inventory: Inventory;
  /** Undefined while the profile cannot connect (invalid configuration). */
  live: { active: ActiveProfile; session: QboSession; facts: ServerFacts; subscriptions: Disposable[] } | undefined;
  state: ProfileState;
}

export interface SessionManagerOptions {
  source: ProfileSource;
  logger: Logger;
  settings: () => { requestTimeoutMs: number };
  /** For tests and benchmarks: passed to every session (ping interval, backoff, coalescing, …). */
  sessionOptions?: Partial<Pick<SessionOptions, 'connection' | 'coalesceMs' | 'followUpDelaysMs'>>;
}

export class SessionManager implements Disposable {
  private readonly entries = new Map<string, Entry>();
  /** Names in the source's order. */
  private order: string[] = [];
  private currentState: ManagerState = { kind: 'idle' };
  private started = false;
  private resolving: Promise<void> | undefined;
  private disposed = false;
  private readonly stateEmitter = new Emitter<ManagerState>();
  /** Fires whenever a profile connects, disconnects or its session's status changes. */
  readonly onDidChangeState: Event<ManagerState> = this.stateEmitter.event;
  private readonly profilesEmitter = new Emitter<void>();
  /** Fires when the set of profiles with a session changes, or a profile's session is replaced. */
  readonly onDidChangeProfiles: Event<void> = this.profilesEmitter.event;
  private readonly factsEmitter = new Emitter<ConnectedProfile>();
  /** Fires when a profile's server facts (clients, version, user) change. */
  readonly onDidChangeFacts: Event<ConnectedProfile> = this.factsEmitter.event;
  private readonly sessionEmitter = new Emitter<ConnectedProfile>();
  /** Fires when a session is created for a profile (first connect, or new settings or credentials). */
  readonly onDidStartSession: Event<ConnectedProfile> = this.sessionEmitter.event;
  private readonly subscription: Disposable;

  constructor(private readonly options: SessionManagerOptions) {
    this.subscription = options.source.onDidChange(() => void (this.started ? this.reload() : undefined));
  }

  get state(): ManagerState {
    return this.currentState;
  }

  /** The connected profiles with a live session, in the order they were connected. */
  get profiles(): readonly ConnectedProfile[] {
    const result: ConnectedProfile[] = [];
    for (const name of this.order) {
      const connected = this.connected(this.entries.get(name));
      if (connected) result.push(connected);
    }
    return result;
  }

  /** The live profile named `name`. */
  profile(name: string): ConnectedProfile | undefined {
    return this.connected(this.entries.get(name));
  }

  /** The one live profile when exactly one profile is connected (the one-at-a-time case). */
  get sole(): ConnectedProfile | undefined {
    if (this.order.length !== 1) return undefined;
    return this.connected(this.entries.get(this.order[0] as string));
  }

  /** Starts on first need; later calls return the same promise. */
  ensureStarted(): Promise<void> {
    if (!this.started) {
      this.started = true;
      return this.reload();
    }
    return this.resolving ?? Promise.resolve();
  }

  /** Re-reads the connected profiles: connects new ones, disconnects removed ones, replaces changed ones. */
  reload(): Promise<void> {
    const run = async (): Promise<void> => {
      const wanted = await this.options.source.resolveConnected();
      if (!this.disposed) this.apply(wanted);
    };
    const promise = (this.resolving ?? Promise.resolve()).then(run, run);
    this.resolving = promise;
    return promise;
  }

  dispose(): void {
    this.disposed = true;
    this.subscription.dispose();
    for (const entry of this.entries.values()) {
      this.stopSession(entry);
      entry.inventory.dispose();
    }
    this.entries.clear();
    this.order = [];
    this.stateEmitter.dispose();
    this.profilesEmitter.dispose();
    this.factsEmitter.dispose();
    this.sessionEmitter.dispose();
  }

  private connected(entry: Entry | undefined): ConnectedProfile | undefined {
    if (!entry?.live) return undefined;
    const { active, session, facts } = entry.live;
    return { name: entry.name, active, session, facts, inventory: entry.inventory };
  }

  private apply(wanted: readonly ProfileResolution[]): void {
    let profilesChanged = false;
    const names = new Set<string>();
    const order: string[] = [];
    for (const resolution of wanted) {
      if (names.has(resolution.name)) continue;
      names.add(resolution.name);
      order.push(resolution.name);
    }
    for (const [name, entry] of this.entries) {
      if (names.has(name)) continue;
      profilesChanged ||= entry.live !== undefined;
      this.stopSession(entry);
      entry.inventory.dispose();
      this.entries.delete(name);
      this.options.logger.info(`disconnected profile "${name}"`);
    }
    const started: ConnectedProfile[] = [];
    for (const resolution of wanted) {
      let entry = this.entries.get(resolution.name);
      if (!entry) {
        entry = {
          name: resolution.name,
          inventory: new Inventory({ coalesceMs: this.options.sessionOptions?.coalesceMs ?? 10 }),
          live: undefined,
          state: { kind: 'invalid', name: resolution.name, message: '' },
        };
        this.entries.set(resolution.name, entry);
      }
      if (!resolution.ok) {
        profilesChanged ||= entry.live !== undefined;
        this.stopSession(entry);
        entry.state = { kind: 'invalid', name: entry.name, message: resolution.message };
        this.options.logger.warn(resolution.message);
        continue;
      }
      if (entry.live && sameProfile(entry.live.active, resolution.active)) continue;
      profilesChanged = true;
      this.stopSession(entry);
      this.startSession(entry, resolution.active);
      started.push(this.connected(entry) as ConnectedProfile);
    }
    this.order = order;
    this.publish();
    if (profilesChanged) this.profilesEmitter.fire();
    for (const profile of started) {
      this.sessionEmitter.fire(profile);
      profile.session.start();
    }
  }

  private startSession(entry: Entry, active: ActiveProfile): void {
    const session = new QboSession({
      profile: active.profile,
      credentials: active.credentials,
      logger: profileLogger(this.options.logger, entry.name),
      inventory: entry.inventory,
      requestTimeoutMs: this.options.settings().requestTimeoutMs,
      ...(this.options.sessionOptions?.connection ? { connection: this.options.sessionOptions.connection } : {}),
      ...(this.options.sessionOptions?.followUpDelaysMs ? { followUpDelaysMs: this.options.sessionOptions.followUpDelaysMs } : {}),
    });
    // Created before start(), so the first open asks for the server's version too.
    const facts = new ServerFacts(session.client, (message) => this.options.logger.trace(message));
    const live = { active, session, facts, subscriptions: [] as Disposable[] };
    entry.live = live;
    entry.state = { kind: 'session', name: entry.name, active, status: session.status };
    live.subscriptions.push(
      session.onStatus((status) => {
        if (entry.live !== live) return;
        entry.state = { kind: 'session', name: entry.name, active, status };
        this.publish();
      }),
      facts.onDidChange(() => {
        const connected = entry.live === live ? this.connected(entry) : undefined;
        if (connected) this.factsEmitter.fire(connected);
      }),
    );
  }

  private stopSession(entry: Entry): void {
    const live = entry.live;
    if (!live) return;
    entry.live = undefined;
    for (const subscription of live.subscriptions) subscription.dispose();
    live.facts.dispose();
    live.session.dispose();
    entry.inventory.clear();
  }

  private publish(): void {
    const profiles: ProfileState[] = [];
    for (const name of this.order) {
      const entry = this.entries.get(name);
      if (entry) profiles.push(entry.state);
    }
    this.currentState = { kind: 'ready', profiles };
    this.stateEmitter.fire(this.currentState);
  }
}

/** With several profiles connected, each log line says which one it is about. */
function profileLogger(logger: Logger, name: string): Logger {
  const tag = `[${name}] `;
  return {
    trace: (message) => logger.trace(tag + message),
    info: (message) => logger.info(tag + message),
    warn: (message) => logger.warn(tag + message),
    error: (message) => logger.error(tag + message),
  };
}

function sameProfile(a: ActiveProfile, b: ActiveProfile): boolean {
  return JSON.stringify(a.profile) === JSON.stringify(b.profile) && JSON.stringify(a.credentials) === JSON.stringify(b.credentials);
}
