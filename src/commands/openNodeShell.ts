// Open Shell on Node: `kubectl debug node/NAME -it --image=…` (qbo.nodeShell.image) in a terminal named after the node.
import * as vscode from 'vscode';
import { nodeShellArgs, terminalName } from '../kube/kubectl';
import { nodeShellImage } from '../settings';
import { pickEntity, runKubectl } from './support/kubectl';
import type { QboCommand } from './types';

export const openNodeShell: QboCommand = {
  id: 'qbo.openNodeShell',
  async run(context, ...args) {
    const node = await pickEntity(context, 'node', args, vscode.l10n.t('Open Shell on Node'));
    const name = typeof node.entity.name === 'string' ? node.entity.name : undefined;
    const image = nodeShellImage();
    return runKubectl(context, {
      profile: node.profile,
      of: node.entity,
      terminalName: terminalName(name, vscode.l10n.t('shell')),
      icon: 'terminal',
      interactive: true,
      message: vscode.l10n.t('A debugging pod ({0}) on {1}; the node’s file system is under /host.', image, name ?? ''),
      args: () => nodeShellArgs(name, image),
    });
  },
};
