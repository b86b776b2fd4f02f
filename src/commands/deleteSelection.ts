// The Delete key in the Clusters view: deletes the selected clusters, or else the selected nodes
// (through the same confirmation as the menu items). Other rows have nothing to delete.
import * as vscode from 'vscode';
import { runMachineAction } from './support/machineAction';
import type { QboCommand } from './types';
import { flashStatus } from '../ui/notifications';

export const deleteSelection: QboCommand = {
  id: 'qbo.deleteSelection',
  async run(context) {
    const selection = context.treeView.selection;
    // Deleting a cluster deletes its nodes: clusters first, and then only them.
    const clusters = selection.filter((element) => element.type === 'cluster');
    const nodes = selection.filter((element) => element.type === 'node');
    const targets = clusters.length > 0 ? clusters : nodes;
    const first = targets[0];
    if (!first) {
      flashStatus(vscode.l10n.t('qbo: select a cluster or node to delete.'), 3000);
      return false;
    }
    return runMachineAction(context, 'delete', clusters.length > 0 ? 'clusters' : 'nodes', [first, targets]);
  },
};
