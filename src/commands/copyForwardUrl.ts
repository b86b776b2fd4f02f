// Copy URL of a port forward: the URL a browser on this machine reaches it at (in a remote window,
// VS Code's own forwarding of that local port).
import * as vscode from 'vscode';
import { pickForward } from './support/forwards';
import type { QboCommand } from './types';
import { flashStatus } from '../ui/notifications';

export const copyForwardUrl: QboCommand = {
  id: 'qbo.copyForwardUrl',
  async run(context, ...args) {
    const forward = await pickForward(context, args, vscode.l10n.t('Copy URL'));
    const url = (await vscode.env.asExternalUri(vscode.Uri.parse(forward.url))).toString(true);
    await vscode.env.clipboard.writeText(url);
    flashStatus(vscode.l10n.t('Copied {0}', url), 3000);
    return url;
  },
};
