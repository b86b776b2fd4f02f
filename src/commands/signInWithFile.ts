// Sign in with a cli.json file (service account in either shape, or a temporary token).
import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import { Cancelled } from './support/boundary';
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
    if (!uri) throw new Cancelled();
    const path = uri.fsPath;
    const text = await fs.readFile(path, 'utf8').catch(() => {
      throw new Error(vscode.l10n.t('qbo: cannot read {0}', path));
    });
    return signInWithCliJsonText(context, text, uri.fsPath, isSignInOptions(args[1]) ? args[1] : {});
  },
};
