// The context keys the manifest's `when` clauses read about the connection: activated, signed in,
// known to be signed out, how many profiles are connected, and whether the view has rows (set only
// when that changes: a listing fires many inventory events). Welcome content keys on
// `qbo.signedOut`, a state the extension has established, never on a key that is merely unset:
// before activation nothing is known, and the view says "Connecting…" (`!qbo.activated`) instead of
// inviting a signed-in user to sign in.
import * as vscode from 'vscode';
import type { Disposable } from '../qbo/events';
import { singleState, type SessionManager } from '../session/sessionManager';

export class ConnectionContextKeys implements vscode.Disposable {
  private readonly subscriptions: Disposable[];
  private inventorySubscriptions: Disposable[] = [];
  private readonly values = new Map<string, boolean | number>();

  constructor(private readonly manager: SessionManager) {
    this.set('qbo.activated', true);
    this.subscriptions = [
      manager.onDidChangeState((state) => {
        const single = singleState(state);
        const profiles = state.kind === 'ready' ? state.profiles : [];
        this.set(
          'qbo.signedIn',
          profiles.some((profile) => profile.kind === 'session'),
        );
        this.set('qbo.signedOut', single !== undefined && (single.kind === 'signed-out' || single.kind === 'invalid'));
        this.set('qbo.profileCount', profiles.length);
        this.updateHasClusters();
      }),
      manager.onDidChangeProfiles(() => this.bind()),
    ];
  }

  /** Follows the inventories of the connected profiles (they come and go with the profiles). */
  private bind(): void {
    for (const subscription of this.inventorySubscriptions) subscription.dispose();
    this.inventorySubscriptions = this.manager.profiles.map((profile) => profile.inventory.onDidChange(() => this.updateHasClusters()));
    this.updateHasClusters();
  }

  /** With several profiles the view always has rows (one per profile); with one, when it has clusters. */
  private updateHasClusters(): void {
    const profiles = this.manager.profiles;
    const state = this.manager.state;
    const several = state.kind === 'ready' && state.profiles.length >= 2;
    this.set('qbo.hasClusters', several || profiles.some((profile) => profile.inventory.size('clusters') > 0));
  }

  private set(key: string, value: boolean | number): void {
    if (this.values.get(key) === value) return;
    this.values.set(key, value);
    void vscode.commands.executeCommand('setContext', key, value);
  }

  dispose(): void {
    for (const subscription of [...this.subscriptions, ...this.inventorySubscriptions]) subscription.dispose();
  }
}
