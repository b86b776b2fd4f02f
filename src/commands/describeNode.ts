// Describe Node: `kubectl describe node` in a terminal named after the node.
import * as vscode from 'vscode';
import { describeNodeArgs, terminalName } from '../kube/kubectl';
import { pickEntity, runKubectl } from './support/kubectl';
import type { QboCommand } from './types';

export const describeNode: QboCommand = {
  id: 'qbo.describeNode',
  async run(context, ...args) {
    const node = await pickEntity(context, 'node', args, vscode.l10n.t('Describe Node'));
    const name = typeof node.entity.name === 'string' ? node.entity.name : undefined;
    return runKubectl(context, {
      profile: node.profile,
      of: node.entity,
      terminalName: terminalName(name, vscode.l10n.t('describe')),
      icon: 'info',
      interactive: false,
      args: () => describeNodeArgs(name),
    });
  },
};
