// Filter the Clusters view: hide kube-system, running only, one namespace, a name substring.
// The model applies it (src/explorer/filter.ts); the extension remembers it per workspace.
import * as vscode from 'vscode';
import { naturalCompare } from '../explorer/naturalOrder';
import { SYSTEM_NAMESPACE, type TreeFilter } from '../explorer/filter';
import type { CommandContext, QboCommand } from './types';
import { safePickItem } from '../ui/safeText';

type Choice = 'hideSystem' | 'runningOnly' | 'namespace' | 'nameContains';

/** Namespaces of the pods and services the inventory holds now, for the namespace pick. */
function knownNamespaces(context: CommandContext): string[] {
  const namespaces = new Set<string>();
  // The filter applies to every connected profile's rows, so it offers all their namespaces.
  for (const { inventory } of context.manager.profiles)
    for (const entity of [...inventory.all('pods'), ...inventory.all('services')]) if (entity.namespace) namespaces.add(entity.namespace);
  return [...namespaces].sort(naturalCompare);
}

async function askNamespace(context: CommandContext, current: string | undefined): Promise<string | undefined> {
  const namespaces = knownNamespaces(context);
  if (namespaces.length === 0)
    return vscode.window.showInputBox({
      title: vscode.l10n.t('Show Only the Namespace'),
      value: current,
      prompt: vscode.l10n.t('Namespace'),
    });
  const picked = await vscode.window.showQuickPick(
    namespaces.map((namespace) => safePickItem({ label: namespace, namespace, picked: namespace === current })),
    { title: vscode.l10n.t('Show Only the Namespace') },
  );
  return picked?.namespace;
}

/** Asks for the whole filter at once; undefined when the user cancelled (nothing changes then). */
async function askFilter(context: CommandContext, current: TreeFilter): Promise<TreeFilter | undefined> {
  const items: (vscode.QuickPickItem & { choice: Choice })[] = [
    { choice: 'hideSystem', label: vscode.l10n.t('Hide {0} pods and services', SYSTEM_NAMESPACE), picked: current.hideSystem },
    { choice: 'runningOnly', label: vscode.l10n.t('Running nodes and pods only'), picked: current.runningOnly },
    {
      choice: 'namespace',
      label: vscode.l10n.t('Only one namespace…'),
      description: current.namespace,
      picked: current.namespace !== undefined,
    },
    {
      choice: 'nameContains',
      label: vscode.l10n.t('Name contains…'),
      description: current.nameContains,
      picked: current.nameContains !== undefined,
    },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Filter the Clusters View'),
    placeHolder: vscode.l10n.t('Check what to apply; uncheck everything to show all'),
    canPickMany: true,
  });
  if (!picked) return undefined;
  const chosen = new Set(picked.map((item) => item.choice));
  const next: TreeFilter = { hideSystem: chosen.has('hideSystem'), runningOnly: chosen.has('runningOnly') };
  if (chosen.has('namespace')) {
    const namespace = await askNamespace(context, current.namespace);
    if (namespace === undefined) return undefined;
    next.namespace = namespace;
  }
  if (chosen.has('nameContains')) {
    const text = await vscode.window.showInputBox({
      title: vscode.l10n.t('Show Only Names Containing'),
      value: current.nameContains,
      prompt: vscode.l10n.t('Pods and services whose name contains this text (case-insensitive)'),
    });
    if (text === undefined) return undefined;
    next.nameContains = text;
  }
  return next;
}

export const filter: QboCommand = {
  id: 'qbo.filter',
  async run(context) {
    const next = await askFilter(context, context.model.filter);
    if (next) context.model.setFilter(next);
    return context.model.filter;
  },
};
