// Copy Name / ID / Address of the selected rows to the clipboard (one per line).
import * as vscode from 'vscode';
import type { TreeElement } from '../explorer/treeElements';
import { Cancelled } from './support/boundary';
import { elementsFor } from './support/pickElement';
import type { CommandContext, QboCommand } from './types';
import { flashStatus, showInformation } from '../ui/notifications';

type Field = 'name' | 'id' | 'address';

function valueOf(context: CommandContext, element: TreeElement, field: Field): string | undefined {
  const entity = context.model.entity(element);
  if (!entity) return undefined;
  if (field === 'address' && element.type === 'ipvs') return `${String(entity.vip ?? '')}:${String(entity.vip_port ?? '')}`;
  if (field === 'address' && element.type === 'network') return typeof entity.subnet === 'string' ? entity.subnet : undefined;
  const value = entity[field];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

async function copy(context: CommandContext, field: Field, args: unknown[]): Promise<string> {
  const elements = await elementsFor(
    context,
    args,
    field === 'name' ? vscode.l10n.t('Copy Name') : field === 'id' ? vscode.l10n.t('Copy ID') : vscode.l10n.t('Copy Address'),
  );
  const values = elements
    .map((element) => valueOf(context, element, field))
    .filter((value): value is string => value !== undefined && value !== '');
  if (values.length === 0) {
    void showInformation(vscode.l10n.t('qbo: the selection has no {0} to copy.', field));
    throw new Cancelled();
  }
  const text = values.join('\n');
  await vscode.env.clipboard.writeText(text);
  flashStatus(vscode.l10n.t('Copied {0}', values.length === 1 ? text : vscode.l10n.t('{0} values', values.length)), 3000);
  return text;
}

export const copyName: QboCommand = { id: 'qbo.copyName', run: (context, ...args) => copy(context, 'name', args) };
export const copyId: QboCommand = { id: 'qbo.copyId', run: (context, ...args) => copy(context, 'id', args) };
export const copyAddress: QboCommand = { id: 'qbo.copyAddress', run: (context, ...args) => copy(context, 'address', args) };
