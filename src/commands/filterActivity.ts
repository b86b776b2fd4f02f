// Filter the Activity view by kind and by cluster, in one multi-select pick (nothing checked in a
// section means everything of it). Arguments `{ kinds, clusters }` set the filter without asking.
import * as vscode from 'vscode';
import { normalizeActivityFilter, type ActivityFilter } from '../activity/activityFilter';
import { kindLabel } from '../activity/activityText';
import { ACTIVITY_KINDS, entryClusters, type ActivityKind } from '../activity/entries';
import { displayText } from '../activity/safeText';
import { naturalCompare } from '../explorer/naturalOrder';
import type { CommandContext, QboCommand } from './types';

type Item = vscode.QuickPickItem &
  ({ kind?: undefined; choice: { kind: ActivityKind } | { cluster: string } } | { kind: vscode.QuickPickItemKind.Separator });

/** The clusters the connected profiles' entries are about (and those the filter names now). */
function knownClusters(context: CommandContext, current: ActivityFilter): string[] {
  const clusters = new Set(current.clusters ?? []);
  for (const { name } of context.manager.profiles)
    for (const entry of context.activity.log.entries(name)) {
      const named = entryClusters(entry);
      if (named !== 'all') for (const cluster of named) clusters.add(cluster);
    }
  return [...clusters].sort(naturalCompare);
}

function filterFromArgs(value: unknown): ActivityFilter | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { kinds, clusters } = value as { kinds?: unknown; clusters?: unknown };
  const strings = (list: unknown): string[] | undefined =>
    Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string') : undefined;
  if (kinds === undefined && clusters === undefined) return undefined;
  return normalizeActivityFilter({ kinds: strings(kinds), clusters: strings(clusters) });
}

export const filterActivity: QboCommand = {
  id: 'qbo.filterActivity',
  async run(context, ...args): Promise<ActivityFilter> {
    const model = context.activity.tree;
    const given = filterFromArgs(args[0]);
    if (given) {
      model.setFilter(given);
      return model.filter;
    }
    const current = model.filter;
    const items: Item[] = [
      { kind: vscode.QuickPickItemKind.Separator, label: vscode.l10n.t('Kinds') },
      ...ACTIVITY_KINDS.map((kind) => ({ label: kindLabel(kind), choice: { kind }, picked: current.kinds?.includes(kind) === true })),
      { kind: vscode.QuickPickItemKind.Separator, label: vscode.l10n.t('Clusters') },
      ...knownClusters(context, current).map((cluster) => ({
        label: displayText(cluster, 80),
        choice: { cluster },
        picked: current.clusters?.includes(cluster) === true,
      })),
    ];
    const picked = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Filter the Activity View'),
      placeHolder: vscode.l10n.t('Check the kinds and clusters to show; nothing checked shows everything'),
      canPickMany: true,
    });
    if (!picked) return model.filter;
    const choices = picked.flatMap((item) => (item.kind === undefined ? [item.choice] : []));
    model.setFilter({
      kinds: choices.flatMap((choice) => ('kind' in choice ? [choice.kind] : [])),
      clusters: choices.flatMap((choice) => ('cluster' in choice ? [choice.cluster] : [])),
    });
    return model.filter;
  },
};
