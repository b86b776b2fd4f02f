// "qbo: Sign In with This File" in the editor of a cli.json.
import * as vscode from 'vscode';
import { orCancel } from './support/boundary';
import { signInWithCliJsonText } from './support/signIn';
import type { QboCommand } from './types';

export const signInWithThisFile: QboCommand = {
  id: 'qbo.signInWithThisFile',
  async run(context, ...args) {
    const uri = orCancel(args[0] instanceof vscode.Uri ? args[0] : vscode.window.activeTextEditor?.document.uri);
    const document =
      vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === uri.toString()) ??
      (await vscode.workspace.openTextDocument(uri));
    return signInWithCliJsonText(context, document.getText(), uri.scheme === 'file' ? uri.fsPath : uri.toString());
  },
};
