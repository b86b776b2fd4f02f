// Sign In: pick one of the sign-in paths.
import * as vscode from 'vscode';
import { orCancel } from './support/boundary';
import type { QboCommand } from './types';

export const signIn: QboCommand = {
  id: 'qbo.signIn',
  async run() {
    const paths = [
      { label: vscode.l10n.t('$(file) Sign in with a cli.json file…'), command: 'qbo.signInWithFile' },
      { label: vscode.l10n.t('$(clippy) Paste cli.json…'), command: 'qbo.signInWithJson' },
      { label: vscode.l10n.t('$(key) Host, port and temporary token…'), command: 'qbo.signInWithToken' },
      { label: vscode.l10n.t('$(beaker) Connect to a local emulator'), command: 'qbo.connectToEmulator' },
    ];
    const picked = orCancel(await vscode.window.showQuickPick(paths, { title: vscode.l10n.t('Sign in to qbo') }));
    return vscode.commands.executeCommand(picked.command);
  },
};
