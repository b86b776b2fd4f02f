// Open in Browser: the service's external address (or a node's address and its node port), asking
// which port when there are several.
import * as vscode from 'vscode';
import type { Service } from '../qbo/messages';
import { pickEntity } from './support/kubectl';
import { endpointsOf, pickEndpoint, reportNoEndpoint } from './support/service';
import { Cancelled } from './support/boundary';
import type { QboCommand } from './types';

export const openServiceInBrowser: QboCommand = {
  id: 'qbo.openServiceInBrowser',
  async run(context, ...args) {
    const title = vscode.l10n.t('Open in Browser');
    const picked = await pickEntity(context, 'service', args, title);
    const service = picked.entity as Service;
    const endpoints = endpointsOf(context, service);
    if (endpoints.length === 0) {
      reportNoEndpoint(service, args[0]);
      throw new Cancelled();
    }
    const endpoint = await pickEndpoint(endpoints, title, typeof args[1] === 'number' ? args[1] : undefined);
    if (!endpoint) throw new Cancelled();
    await vscode.env.openExternal(vscode.Uri.parse(endpoint.url));
    return endpoint.url;
  },
};
