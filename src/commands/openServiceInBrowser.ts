// Open in Browser: the service's external address (or a node's address and its node port), asking
// which port when there are several.
import * as vscode from 'vscode';
import { pickServiceEndpoint } from './support/service';
import type { QboCommand } from './types';

export const openServiceInBrowser: QboCommand = {
  id: 'qbo.openServiceInBrowser',
  async run(context, ...args) {
    const endpoint = await pickServiceEndpoint(context, args, vscode.l10n.t('Open in Browser'));
    await vscode.env.openExternal(vscode.Uri.parse(endpoint.url));
    return endpoint.url;
  },
};
