// The status-bar connection indicator; a click opens the connection actions.
import * as vscode from 'vscode';
import { singleState, type ManagerState, type SingleState } from '../session/sessionManager';
import { multiStatusBarText, statusBarText, type ConnectionDetails, type ConnectionSummary, type StatusBarText } from './statusText';

export function summarize(state: SingleState, details?: ConnectionDetails): ConnectionSummary {
  if (state.kind === 'session')
    return {
      kind: 'session',
      host: state.active.profile.host,
      user: state.active.credentials.user,
      profileName: state.active.profile.name,
      status: state.status,
      ...(details ? { details } : {}),
    };
  return state;
}

/** What the status bar shows: the one profile as before, or a summary of several. */
export function connectionStatusText(state: ManagerState, detailsOf: (profile: string) => ConnectionDetails | undefined): StatusBarText {
  const single = singleState(state);
  if (single) return statusBarText(summarize(single, single.kind === 'session' ? detailsOf(single.name) : undefined));
  const profiles = state.kind === 'ready' ? state.profiles : [];
  return multiStatusBarText(
    profiles.map((profile) => ({ name: profile.name, text: statusBarText(summarize(profile, detailsOf(profile.name))) })),
  );
}

export class ConnectionStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('qbo.connection', vscode.StatusBarAlignment.Left, 10);

  constructor() {
    this.item.name = vscode.l10n.t('qbo Connection');
    this.item.command = 'qbo.showProfileActions';
    this.update({ kind: 'idle' }, () => undefined);
    this.item.show();
  }

  update(state: ManagerState, detailsOf: (profile: string) => ConnectionDetails | undefined): void {
    const text = connectionStatusText(state, detailsOf);
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
