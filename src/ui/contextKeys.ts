// The context keys the manifest's `when` clauses read about the connection: signed in, and whether
// any cluster is listed (set only when that changes: a listing fires many inventory events).
import * as vscode from 'vscode';
import type { SessionManager } from '../session/sessionManager';

export class ConnectionContextKeys implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[];
  private hadClusters: boolean | undefined;

  constructor(manager: SessionManager) {
    this.subscriptions = [
      manager.onDidChangeState((state) => this.set('qbo.signedIn', state.kind === 'session')),
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
