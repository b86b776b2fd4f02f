// Reveal in Explorer: select the cluster or node named by the editor selection (or an argument).
import * as vscode from 'vscode';
import { nodePasses } from '../explorer/filter';
import { editorSelectionText, targetsFromArgs } from './support/targets';
import { profileNameIn } from './support/session';
import { Cancelled } from './support/boundary';
import type { QboCommand } from './types';
import { showInformation } from '../ui/notifications';

export const revealInExplorer: QboCommand = {
  id: 'qbo.revealInExplorer',
  async run(context, ...args) {
    await context.manager.ensureStarted();
    const text = typeof args[0] === 'string' ? args[0] : editorSelectionText();
    if (!text) throw new Cancelled();
    const title = vscode.l10n.t('Reveal in qbo Explorer');
    // Clusters first: a cluster's name wins over a node's, in whichever profiles have it.
    const clusters = await targetsFromArgs(context, 'clusters', [text, { profile: profileNameIn(args.slice(1)) }], title);
    const found = clusters?.length ? { kind: 'cluster' as const, groups: clusters } : undefined;
    const nodes = found ? undefined : await targetsFromArgs(context, 'nodes', [text, { profile: profileNameIn(args.slice(1)) }], title);
    const match = found ?? (nodes?.length ? { kind: 'node' as const, groups: nodes } : undefined);
    const group = match?.groups[0];
    const target = group?.targets[0];
    const element = match && group && target ? context.model.entityElement(group.profile.name, match.kind, target.key) : undefined;
    if (!element || !group || !target) {
      void showInformation(vscode.l10n.t('qbo: no cluster or node named "{0}".', text.slice(0, 64)));
      throw new Cancelled();
    }
    // A stopped node hidden by "running only" could not be revealed: show non-running nodes again.
    const hiddenNode = match?.kind === 'node' ? group.profile.inventory.get('nodes', target.key) : undefined;
    if (hiddenNode && !nodePasses(context.model.filter, hiddenNode))
      context.model.setFilter({ ...context.model.filter, runningOnly: false });
    await context.treeView.reveal(element, { select: true, focus: true, expand: false });
    return true;
  },
};
