// Open in Browser on a port forward: its local URL (VS Code maps localhost in remote windows).
import * as vscode from 'vscode';
import { pickForward } from './support/forwards';
import type { QboCommand } from './types';

export const openForwardInBrowser: QboCommand = {
  id: 'qbo.openForwardInBrowser',
  async run(context, ...args) {
    const forward = await pickForward(context, args, vscode.l10n.t('Open in Browser'));
    await vscode.env.openExternal(vscode.Uri.parse(forward.url));
    return forward.url;
  },
};
