// Add Nodes: scale a cluster up by N nodes (`add node CLUSTER -n N`).
import * as vscode from 'vscode';
import { countProblem } from '../qbo/commandLine';
import { addNodeCommand } from '../qbo/commands';
import { commandTarget, type MachineTarget } from './commandLines';
import { isTreeElement } from '../explorer/treeElements';
import type { ConnectedProfile } from '../session/sessionManager';
import { Cancelled } from './support/boundary';
import { runWithProgress } from './support/run';
import { requireProfile } from './support/session';
import { resolveTarget, targetFromKey } from './support/targets';
import type { CommandContext, QboCommand } from './types';
import { safeName } from '../ui/safeText';

async function inFolder(
  context: CommandContext,
  profileName: string,
  clusterKey: string,
  title: string,
): Promise<{ profile: ConnectedProfile; target: MachineTarget }> {
  const profile = await requireProfile(context, title, profileName);
  const target = targetFromKey(profile.inventory, 'clusters', clusterKey);
  if (!target) throw new Cancelled();
  return { profile, target };
}

export const addNodes: QboCommand = {
  id: 'qbo.addNodes',
  async run(context, ...args) {
    const [first, second] = args;
    const title = vscode.l10n.t('Add Nodes to Cluster');
    // The Nodes folder stands for its cluster.
    const folder = isTreeElement(first) && first.type === 'folder' ? first : undefined;
    const { profile, target: cluster } = folder
      ? await inFolder(context, folder.profile, folder.clusterKey, title)
      : await resolveTarget(context, 'clusters', 'stop', [first], title);
    let count: string | undefined = typeof second === 'number' ? String(second) : undefined;
    count ??= await vscode.window.showInputBox({
      title: vscode.l10n.t('Add nodes to {0}: how many?', safeName(cluster.name ?? cluster.key)),
      value: '1',
      validateInput: (value) => countProblem(value.trim()),
    });
    if (!count) throw new Cancelled();
    const line = addNodeCommand(commandTarget(cluster, profile.inventory), count.trim());
    await runWithProgress(
      profile.session,
      vscode.l10n.t('Adding {0} node(s) to {1}', count.trim(), cluster.name ?? cluster.key),
      line,
      'notification',
    );
    return true;
  },
};
