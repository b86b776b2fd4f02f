// Copy URL: the URL Open in Browser would open, to the clipboard.
import * as vscode from 'vscode';
import { pickServiceEndpoint } from './support/service';
import type { QboCommand } from './types';
import { flashStatus } from '../ui/notifications';

export const copyServiceUrl: QboCommand = {
  id: 'qbo.copyServiceUrl',
  async run(context, ...args) {
    const endpoint = await pickServiceEndpoint(context, args, vscode.l10n.t('Copy URL'));
    await vscode.env.clipboard.writeText(endpoint.url);
    flashStatus(vscode.l10n.t('Copied {0}', endpoint.url), 3000);
    return endpoint.url;
  },
};
