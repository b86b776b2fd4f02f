// The status bar's menu: everything about the connection in one quick pick; its placeholder names
// the server's version when the server has told it.
import * as vscode from 'vscode';
import { versionSummary } from '../ui/serverText';
import { orCancel } from './support/boundary';
import type { QboCommand } from './types';

export const showProfileActions: QboCommand = {
  id: 'qbo.showProfileActions',
  async run(context) {
    const signedIn = context.manager.activeProfile !== undefined;
    const actions = [
      { label: vscode.l10n.t('$(arrow-swap) Switch Profile…'), command: 'qbo.switchProfile' },
      { label: vscode.l10n.t('$(sign-in) Sign In…'), command: 'qbo.signIn' },
      ...(signedIn
        ? [
            { label: vscode.l10n.t('$(refresh) Refresh / Reconnect'), command: 'qbo.refresh' },
            { label: vscode.l10n.t('$(broadcast) Show Connected Clients'), command: 'qbo.showConnectedClients' },
            { label: vscode.l10n.t('$(key) Create Service Account…'), command: 'qbo.createServiceAccount' },
            { label: vscode.l10n.t('$(terminal) Show CLI Configuration'), command: 'qbo.showCliConfiguration' },
            { label: vscode.l10n.t('$(sign-out) Sign Out'), command: 'qbo.signOut' },
          ]
        : []),
      { label: vscode.l10n.t('$(output) Show Output'), command: 'qbo.showOutput' },
    ];
    const version = signedIn ? versionSummary(context.manager.facts?.version) : undefined;
    const picked = orCancel(
      await vscode.window.showQuickPick(actions, {
        title: vscode.l10n.t('qbo'),
        ...(version ? { placeHolder: vscode.l10n.t('Connected to qbo server {0}', version) } : {}),
      }),
    );
    return vscode.commands.executeCommand(picked.command);
  },
};
