// A click on an Activity row: reveal its node (a state change of one node) or its cluster in the
// Clusters view. An object that is gone since is said so, once.
import * as vscode from 'vscode';
import type { ActivityElement } from '../activity/activityTree';
import { entryClusters } from '../activity/entries';
import { displayText } from '../activity/safeText';
import { nodePasses } from '../explorer/filter';
import type { EntityElement } from '../explorer/treeElements';
import { showInformation } from '../ui/notifications';
import { Cancelled } from './support/boundary';
import type { CommandContext, QboCommand } from './types';

function isActivityElement(value: unknown): value is ActivityElement {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { type?: unknown }).type === 'entry' &&
    typeof (value as { profile?: unknown }).profile === 'string' &&
    typeof (value as { entryId?: unknown }).entryId === 'string'
  );
}

/** The Clusters view's element for an entry: its one node, else its cluster (by key, then by name). */
function targetOf(
  context: CommandContext,
  element: ActivityElement & { type: 'entry' },
): { element: EntityElement; name: string } | undefined {
  const entry = context.activity.log.find(element.profile, element.entryId);
  const profile = context.manager.profile(element.profile);
  if (!entry || !profile) return undefined;
  const inventory = profile.inventory;
  if (entry.kind === 'state' && !entry.change && entry.nodes.length === 1 && entry.nodes[0]) {
    const node = entry.nodes[0];
    const found = inventory.get('nodes', node.key);
    if (found) {
      // A stopped node hidden by "running only" could not be revealed: show non-running nodes again.
      if (!nodePasses(context.model.filter, found)) context.model.setFilter({ ...context.model.filter, runningOnly: false });
      const row = context.model.entityElement(element.profile, 'node', node.key);
      return row && { element: row, name: node.name };
    }
  }
  const clusters = entryClusters(entry);
  const name = entry.kind === 'state' || entry.kind === 'pods' ? entry.cluster : clusters !== 'all' ? clusters[0] : undefined;
  if (name === undefined) return undefined;
  const key =
    entry.kind === 'state' && entry.clusterKey && inventory.get('clusters', entry.clusterKey)
      ? entry.clusterKey
      : inventory.findCluster(name)?.[0];
  const row = key !== undefined ? context.model.entityElement(element.profile, 'cluster', key) : undefined;
  return row ? { element: row, name } : undefined;
}

export const revealActivity: QboCommand = {
  id: 'qbo.revealActivity',
  async run(context, ...args): Promise<true> {
    const element = args[0];
    if (!isActivityElement(element) || element.type !== 'entry') throw new Cancelled();
    const target = targetOf(context, element);
    if (!target) {
      const entry = context.activity.log.find(element.profile, element.entryId);
      const clusters = entry ? entryClusters(entry) : [];
      // Client entries and commands on every cluster have no one object to show.
      if (entry && clusters !== 'all' && clusters.length > 0)
        void showInformation(vscode.l10n.t('qbo: {0} is no longer in the Clusters view.', displayText(clusters[0] ?? '', 64)));
      throw new Cancelled();
    }
    await context.treeView.reveal(target.element, { select: true, focus: true, expand: false });
    return true;
  },
};
