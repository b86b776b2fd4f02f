// Copy URL: the URL Open in Browser would open, to the clipboard.
import * as vscode from 'vscode';
import type { Service } from '../qbo/messages';
import { pickEntity } from './support/kubectl';
import { endpointsOf, pickEndpoint, reportNoEndpoint } from './support/service';
import { Cancelled } from './support/boundary';
import type { QboCommand } from './types';

export const copyServiceUrl: QboCommand = {
  id: 'qbo.copyServiceUrl',
  async run(context, ...args) {
    const title = vscode.l10n.t('Copy URL');
    const picked = await pickEntity(context, 'service', args, title);
    const service = picked.entity as Service;
    const endpoints = endpointsOf(context, service);
    if (endpoints.length === 0) {
      reportNoEndpoint(service, args[0]);
      throw new Cancelled();
    }
    const endpoint = await pickEndpoint(endpoints, title, typeof args[1] === 'number' ? args[1] : undefined);
    if (!endpoint) throw new Cancelled();
    await vscode.env.clipboard.writeText(endpoint.url);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', endpoint.url), 3000);
    return endpoint.url;
  },
};
