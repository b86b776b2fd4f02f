// Confirmations: modal for deletes and every -A; deleting everything means typing "delete".
// Anything but a yes cancels the command.
import * as vscode from 'vscode';
import { Cancelled } from './boundary';
import { askModal } from '../../ui/notifications';

export async function confirmModal(message: string, detail: string | readonly string[], action: string): Promise<void> {
  const choice = await askModal(message, detail, action);
  if (choice !== action) throw new Cancelled();
}

/** `warning`, when given, comes before the instruction (e.g. who else acted on a cluster recently). */
export async function confirmByTyping(word: string, prompt: string, warning?: string): Promise<void> {
  const instruction = vscode.l10n.t('Type "{0}" to confirm. This cannot be undone.', word);
  const typed = await vscode.window.showInputBox({
    title: prompt,
    prompt: warning ? `${warning} ${instruction}` : instruction,
    placeHolder: word,
    ignoreFocusOut: true,
    validateInput: (value) => (value === '' || value === word ? undefined : vscode.l10n.t('Type exactly "{0}"', word)),
  });
  if (typed !== word) throw new Cancelled();
}
