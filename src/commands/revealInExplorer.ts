// Reveal in Explorer: select the cluster or node named by the editor selection (or an argument).
import * as vscode from 'vscode';
import { nodePasses } from '../explorer/filter';
import { editorSelectionText, targetByName } from './support/targets';
import { Cancelled } from './support/boundary';
import type { QboCommand } from './types';
import { showInformation } from '../ui/notifications';

export const revealInExplorer: QboCommand = {
  id: 'qbo.revealInExplorer',
  async run(context, ...args) {
    await context.manager.ensureStarted();
    const text = typeof args[0] === 'string' ? args[0] : editorSelectionText();
    if (!text) throw new Cancelled();
    const inventory = context.manager.inventory;
    const cluster = targetByName(inventory, 'clusters', text);
    const node = cluster ? undefined : targetByName(inventory, 'nodes', text);
    const element = cluster
      ? context.model.entityElement('cluster', cluster.key)
      : node
        ? context.model.entityElement('node', node.key)
        : undefined;
    if (!element) {
      void showInformation(vscode.l10n.t('qbo: no cluster or node named "{0}".', text.slice(0, 64)));
      throw new Cancelled();
    }
    // A stopped node hidden by "running only" could not be revealed: show non-running nodes again.
    const hiddenNode = node ? inventory.get('nodes', node.key) : undefined;
    if (hiddenNode && !nodePasses(context.model.filter, hiddenNode))
      context.model.setFilter({ ...context.model.filter, runningOnly: false });
    await context.treeView.reveal(element, { select: true, focus: true, expand: false });
    return true;
  },
};
