// The status-bar connection indicator; a click opens the profile actions.
import * as vscode from 'vscode';
import type { ManagerState } from '../session/sessionManager';
import { statusBarText, type ConnectionDetails, type ConnectionSummary } from './statusText';

export function summarize(state: ManagerState, details?: ConnectionDetails): ConnectionSummary {
  if (state.kind !== 'session') return state;
  return {
    kind: 'session',
    host: state.active.profile.host,
    user: state.active.credentials.user,
    profileName: state.active.profile.name,
    status: state.status,
    ...(details ? { details } : {}),
  };
}

export class ConnectionStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('qbo.connection', vscode.StatusBarAlignment.Left, 10);

  constructor() {
    this.item.name = vscode.l10n.t('qbo Connection');
    this.item.command = 'qbo.showProfileActions';
    this.update({ kind: 'idle' });
    this.item.show();
  }

  update(state: ManagerState, details?: ConnectionDetails): void {
    const text = statusBarText(summarize(state, details));
    this.item.text = text.text;
    this.item.tooltip = text.tooltip;
    this.item.backgroundColor =
      text.state === 'rejected'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : text.state === 'error'
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
    void vscode.commands.executeCommand('setContext', 'qbo.connectionState', text.state);
  }

  /** The text currently shown (tests read it). */
  get text(): string {
    return this.item.text;
  }

  /** The tooltip currently shown (tests read it). */
  get tooltip(): string {
    return typeof this.item.tooltip === 'string' ? this.item.tooltip : (this.item.tooltip?.value ?? '');
  }

  dispose(): void {
    this.item.dispose();
  }
}
