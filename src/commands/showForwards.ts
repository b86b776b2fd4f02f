// Show Port Forwards (the status bar entry's click): lists the running forwards; the one picked is
// revealed under its service in the Clusters view.
import * as vscode from 'vscode';
import { pickForward } from './support/forwards';
import type { QboCommand } from './types';

export const showForwards: QboCommand = {
  id: 'qbo.showForwards',
  async run(context, ...args) {
    const forward = await pickForward(context, args, vscode.l10n.t('qbo Port Forwards'));
    const row = context.model.forwardElement(forward.profile, forward.serviceKey, forward.localPort);
    if (row) await context.treeView.reveal(row, { select: true, focus: true, expand: false });
    return forward.url;
  },
};
