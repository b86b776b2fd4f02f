// Add Nodes: scale a cluster up by N nodes (`add node CLUSTER -n N`).
import * as vscode from 'vscode';
import { countProblem } from '../qbo/commandLine';
import { addNodeCommand } from '../qbo/commands';
import { commandTarget } from './commandLines';
import { Cancelled } from './support/boundary';
import { runWithProgress } from './support/run';
import { requireSession } from './support/session';
import { resolveTargets, targetFromKey } from './support/targets';
import type { QboCommand } from './types';

export const addNodes: QboCommand = {
  id: 'qbo.addNodes',
  async run(context, ...args) {
    const session = await requireSession(context);
    const [first, second] = args;
    // The Nodes folder stands for its cluster.
    const folder =
      typeof first === 'object' && first !== null && (first as { type?: unknown }).type === 'folder'
        ? (first as { clusterKey: string })
        : undefined;
    const [cluster] = folder
      ? [targetFromKey(context.manager.inventory, 'clusters', folder.clusterKey)]
      : await resolveTargets(context, 'clusters', 'stop', [first], vscode.l10n.t('Add Nodes to Cluster'), false);
    if (!cluster) throw new Cancelled();
    let count: string | undefined = typeof second === 'number' ? String(second) : undefined;
    count ??= await vscode.window.showInputBox({
      title: vscode.l10n.t('Add nodes to {0}: how many?', cluster.name ?? cluster.key),
      value: '1',
      validateInput: (value) => countProblem(value.trim()),
    });
    if (!count) throw new Cancelled();
    const line = addNodeCommand(commandTarget(cluster, context.manager.inventory), count.trim());
    await runWithProgress(
      session,
      vscode.l10n.t('Adding {0} node(s) to {1}', count.trim(), cluster.name ?? cluster.key),
      line,
      'notification',
    );
    return true;
  },
};
