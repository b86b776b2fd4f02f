// The context keys the manifest's `when` clauses read about the connection: activated, signed in,
// known to be signed out, and whether any cluster is listed (set only when that changes: a listing
// fires many inventory events). Welcome content keys on `qbo.signedOut`, a state the extension has
// established, never on a key that is merely unset: before activation nothing is known, and the
// view says "Connecting…" (`!qbo.activated`) instead of inviting a signed-in user to sign in.
import * as vscode from 'vscode';
import type { SessionManager } from '../session/sessionManager';

export class ConnectionContextKeys implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[];
  private hadClusters: boolean | undefined;

  constructor(manager: SessionManager) {
    this.set('qbo.activated', true);
    this.subscriptions = [
      manager.onDidChangeState((state) => {
        this.set('qbo.signedIn', state.kind === 'session');
        this.set('qbo.signedOut', state.kind === 'signed-out' || state.kind === 'invalid');
      }),
      manager.inventory.onDidChange(() => {
        const hasClusters = manager.inventory.size('clusters') > 0;
        if (hasClusters !== this.hadClusters) this.set('qbo.hasClusters', hasClusters);
        this.hadClusters = hasClusters;
      }),
    ];
  }

  private set(key: string, value: boolean): void {
    void vscode.commands.executeCommand('setContext', key, value);
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
