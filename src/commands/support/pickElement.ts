// For commands run from the Command Palette with nothing selected in the tree: pick an object.
import * as vscode from 'vscode';
import { ELEMENT_OF, type EntityElement } from '../../explorer/treeElements';
import type { InventoryKind } from '../../qbo/inventory';
import type { CommandContext } from '../types';
import { orCancel } from './boundary';
import { safePickItem } from '../../ui/safeText';

const PICKABLE: readonly InventoryKind[] = ['clusters', 'nodes', 'pods', 'services', 'networks', 'ipvs'];

/** The tree rows the command should act on: its arguments, the tree's selection, or a quick pick (Cancelled if dismissed). */
export async function elementsFor(context: CommandContext, args: unknown[], title: string): Promise<EntityElement[]> {
  const [first, second] = args;
  const isElement = (value: unknown): value is EntityElement =>
    typeof value === 'object' &&
    value !== null &&
    typeof (value as EntityElement).key === 'string' &&
    typeof (value as EntityElement).type === 'string';
  if (Array.isArray(second) && second.length > 0) return second.filter(isElement);
  if (isElement(first)) return [first];
  const selection = context.treeView.selection.filter(isElement);
  if (selection.length > 0) return selection;
  const inventory = context.manager.inventory;
  const items = PICKABLE.flatMap((kind) =>
    inventory.entries(kind).map(([key, entity]) => {
      const record = entity as Record<string, unknown>;
      const label = typeof record.name === 'string' ? record.name : `${String(record.vip ?? key)}`;
      return safePickItem({
        label,
        description: `${kind.replace(/s$/, '')}${typeof record.cluster === 'string' ? ` · ${record.cluster}` : ''}`,
        element: context.model.entityElement(ELEMENT_OF[kind] as EntityElement['type'], key),
      });
    }),
  );
  if (items.length === 0) return [];
  return [orCancel(await vscode.window.showQuickPick(items, { title, matchOnDescription: true })).element];
}
