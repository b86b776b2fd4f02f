// Sign in by pasting the JSON of a cli.json (typed into a password box, never echoed).
import * as vscode from 'vscode';
import { Cancelled } from './support/boundary';
import { isSignInOptions, signInWithCliJsonText } from './support/signIn';
import type { QboCommand } from './types';

export const signInWithJson: QboCommand = {
  id: 'qbo.signInWithJson',
  async run(context, ...args) {
    const text =
      typeof args[0] === 'string'
        ? args[0]
        : await vscode.window.showInputBox({
            title: vscode.l10n.t('Paste your qbo cli.json'),
            prompt: vscode.l10n.t('The output of: qbo get user -c EMAIL | jq .users[]?.cli'),
            password: true,
            ignoreFocusOut: true,
          });
    if (!text) throw new Cancelled();
    return signInWithCliJsonText(context, text, vscode.l10n.t('pasted configuration'), isSignInOptions(args[1]) ? args[1] : {});
  },
};
