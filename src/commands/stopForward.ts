// Stop Port Forward: ends the forward's kubectl and removes its kubeconfig; its row goes.
import * as vscode from 'vscode';
import { pickForward } from './support/forwards';
import type { QboCommand } from './types';

export const stopForward: QboCommand = {
  id: 'qbo.stopForward',
  async run(context, ...args) {
    const forward = await pickForward(context, args, vscode.l10n.t('Stop Port Forward'));
    return context.forwards.stop(forward.localPort);
  },
};
