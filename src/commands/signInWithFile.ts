// Sign in with a cli.json file (service account in either shape, or a temporary token).
import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import { isSignInOptions, signInWithCliJsonText } from './support/signIn';
import type { QboCommand } from './types';

export const signInWithFile: QboCommand = {
  id: 'qbo.signInWithFile',
  async run(context, ...args) {
    let uri = args[0] instanceof vscode.Uri ? args[0] : undefined;
    if (!uri) {
      const picked = await vscode.window.showOpenDialog({
        title: vscode.l10n.t('Sign in with a qbo cli.json'),
        canSelectMany: false,
        filters: { JSON: ['json', 'conf'] },
      });
      uri = picked?.[0];
    }
    if (!uri) return false;
    let text: string;
    try {
      text = await fs.readFile(uri.fsPath, 'utf8');
    } catch {
      void vscode.window.showErrorMessage(vscode.l10n.t('qbo: cannot read {0}', uri.fsPath));
      return false;
    }
    return signInWithCliJsonText(context, text, uri.fsPath, isSignInOptions(args[1]) ? args[1] : {});
  },
};
