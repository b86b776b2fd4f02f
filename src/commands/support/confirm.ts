// Confirmations: modal for deletes and every -A; deleting everything means typing "delete".
import * as vscode from 'vscode';

export async function confirmModal(message: string, detail: string, action: string): Promise<boolean> {
  const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, action);
  return choice === action;
}

export async function confirmByTyping(word: string, prompt: string): Promise<boolean> {
  const typed = await vscode.window.showInputBox({
    title: prompt,
    prompt: vscode.l10n.t('Type "{0}" to confirm. This cannot be undone.', word),
    placeHolder: word,
    ignoreFocusOut: true,
    validateInput: (value) => (value === '' || value === word ? undefined : vscode.l10n.t('Type exactly "{0}"', word)),
  });
  return typed === word;
}
