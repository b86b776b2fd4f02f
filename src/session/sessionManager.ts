// Owns the session of the active profile: starts it lazily (no network before the view is first
// shown or a command needs it), replaces it when the profile or its credentials change, and
// keeps one inventory across sessions so the tree binds once.
import * as vscode from 'vscode';
import { credentialsExpired } from '../qbo/credentials';
import { Inventory } from '../qbo/inventory';
import type { ActiveProfile, ProfileStore } from './profileStore';
import { ServerFacts } from './serverFacts';
import { QboSession, type Logger, type SessionStatus } from './session';
import { showWarning } from '../ui/notifications';

export type ManagerState =
  | { kind: 'idle' }
  | { kind: 'signed-out' }
  | { kind: 'invalid'; message: string }
  | { kind: 'session'; active: ActiveProfile; status: SessionStatus };

export class SessionManager implements vscode.Disposable {
  readonly inventory: Inventory;
  private current: QboSession | undefined;
  private currentFacts: ServerFacts | undefined;
  private readonly factsEmitter = new vscode.EventEmitter<void>();
  /** Fires when the server's clients, version or user change, or the session is replaced. */
  readonly onDidChangeFacts = this.factsEmitter.event;
  private active: ActiveProfile | undefined;
  private currentState: ManagerState = { kind: 'idle' };
  private started = false;
  private readonly stateEmitter = new vscode.EventEmitter<ManagerState>();
  readonly onDidChangeState = this.stateEmitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  private sessionSubscription: { dispose(): void } | undefined;
  private resolving: Promise<void> | undefined;

  constructor(
    private readonly profiles: ProfileStore,
    private readonly logger: Logger,
    private readonly settings: () => { requestTimeoutMs: number },
  ) {
    this.inventory = new Inventory({ coalesceMs: 10 });
    this.disposables.push(profiles.onDidChange(() => void (this.started ? this.reload() : undefined)));
  }

  get state(): ManagerState {
    return this.currentState;
  }

  get session(): QboSession | undefined {
    return this.current;
  }

  /** What the current session learned about the server (clients, version, user). */
  get facts(): ServerFacts | undefined {
    return this.currentFacts;
  }

  get activeProfile(): ActiveProfile | undefined {
    return this.active;
  }

  /** Starts on first need; later calls return the same promise. */
  ensureStarted(): Promise<void> {
    if (!this.started) {
      this.started = true;
      return this.reload();
    }
    return this.resolving ?? Promise.resolve();
  }

  /** Re-reads the active profile and reconnects if it changed. */
  reload(): Promise<void> {
    const run = async (): Promise<void> => {
      const resolved = await this.profiles.resolveActive();
      if (!resolved.ok) {
        this.stop();
        this.setState(resolved.reason === 'invalid' ? { kind: 'invalid', message: resolved.message } : { kind: 'signed-out' });
        if (resolved.reason === 'invalid') this.logger.warn(resolved.message);
        return;
      }
      const next = resolved.active;
      if (this.current && this.active && sameProfile(this.active, next)) return;
      this.stop();
      this.active = next;
      if (credentialsExpired(next.credentials)) {
        this.logger.warn(`the credentials of profile "${next.profile.name}" may have expired (cli.exp is in the past)`);
        void showWarning(
          vscode.l10n.t('The qbo credentials of "{0}" may have expired. Sign in again if the connection is refused.', next.profile.name),
        );
      }
      const session = new QboSession({
        profile: next.profile,
        credentials: next.credentials,
        logger: this.logger,
        inventory: this.inventory,
        requestTimeoutMs: this.settings().requestTimeoutMs,
      });
      this.current = session;
      // Created before start(), so the first open asks for the server's version too.
      const facts = new ServerFacts(session.client, (message) => this.logger.trace(message));
      this.currentFacts = facts;
      facts.onDidChange(() => this.factsEmitter.fire());
      this.sessionSubscription = session.onStatus((status) => this.setState({ kind: 'session', active: next, status }));
      this.setState({ kind: 'session', active: next, status: session.status });
      session.start();
    };
    const promise = (this.resolving ?? Promise.resolve()).then(run, run);
    this.resolving = promise;
    return promise;
  }

  dispose(): void {
    this.stop();
    for (const disposable of this.disposables) disposable.dispose();
    this.inventory.dispose();
    this.stateEmitter.dispose();
    this.factsEmitter.dispose();
  }

  private stop(): void {
    this.sessionSubscription?.dispose();
    this.sessionSubscription = undefined;
    this.currentFacts?.dispose();
    this.currentFacts = undefined;
    this.current?.dispose();
    this.current = undefined;
    this.active = undefined;
    this.inventory.clear();
  }

  private setState(state: ManagerState): void {
    this.currentState = state;
    this.stateEmitter.fire(state);
  }
}

function sameProfile(a: ActiveProfile, b: ActiveProfile): boolean {
  return JSON.stringify(a.profile) === JSON.stringify(b.profile) && JSON.stringify(a.credentials) === JSON.stringify(b.credentials);
}
