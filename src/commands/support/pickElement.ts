// For commands run from the Command Palette with nothing selected in the tree: pick an object.
import * as vscode from 'vscode';
import { ELEMENT_OF, isEntityElement, type EntityElement } from '../../explorer/treeElements';
import type { InventoryKind } from '../../qbo/inventory';
import type { CommandContext } from '../types';
import { orCancel } from './boundary';
import { safePickItem } from '../../ui/safeText';

const PICKABLE: readonly InventoryKind[] = ['clusters', 'nodes', 'pods', 'services', 'networks', 'ipvs'];

/** The tree rows the command should act on: its arguments, the tree's selection, or a quick pick (Cancelled if dismissed). */
export async function elementsFor(context: CommandContext, args: unknown[], title: string): Promise<EntityElement[]> {
  const [first, second] = args;
  if (Array.isArray(second) && second.length > 0) return second.filter(isEntityElement);
  if (isEntityElement(first)) return [first];
  const selection = context.treeView.selection.filter(isEntityElement);
  if (selection.length > 0) return selection;
  await context.manager.ensureStarted();
  const profiles = context.manager.profiles;
  const items = profiles.flatMap((profile) =>
    PICKABLE.flatMap((kind) =>
      profile.inventory.entries(kind).map(([key, entity]) => {
        const record = entity as Record<string, unknown>;
        const label = typeof record.name === 'string' ? record.name : `${String(record.vip ?? key)}`;
        const where = [
          kind.replace(/s$/, ''),
          typeof record.cluster === 'string' ? record.cluster : undefined,
          profiles.length > 1 ? profile.name : undefined,
        ];
        return safePickItem({
          label,
          description: where.filter(Boolean).join(' · '),
          element: context.model.entityElement(profile.name, ELEMENT_OF[kind] as EntityElement['type'], key),
        });
      }),
    ),
  );
  const shown = items.filter((item): item is typeof item & { element: EntityElement } => item.element !== undefined);
  if (shown.length === 0) return [];
  return [orCancel(await vscode.window.showQuickPick(shown, { title, matchOnDescription: true })).element];
}
