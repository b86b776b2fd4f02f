// Which objects a command acts on: the clicked row (and the rest of a multi-selection), a name
// selected in the editor, names passed by another extension or test, or a quick pick.
import * as vscode from 'vscode';
import type { TreeElement } from '../../explorer/treeElements';
import type { Inventory } from '../../qbo/inventory';
import type { QboNode } from '../../qbo/messages';
import type { MachineKind } from '../../qbo/commandLine';
import { applicable, type MachineTarget, type MachineVerb } from '../commandLines';
import type { CommandContext } from '../types';
import { Cancelled, orCancel } from './boundary';

function isTreeElement(value: unknown): value is TreeElement {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { type?: unknown }).type === 'string' &&
    typeof (value as { id?: unknown }).id === 'string'
  );
}

const ELEMENT_TYPE: Record<MachineKind, 'cluster' | 'node'> = { clusters: 'cluster', nodes: 'node' };

export function targetFromKey(inventory: Inventory, kind: MachineKind, key: string): MachineTarget | undefined {
  const entity = inventory.get(kind, key);
  if (!entity) return undefined;
  const cluster = kind === 'clusters' ? entity.name : (entity as QboNode).cluster;
  return { kind, key, name: entity.name, id: entity.id, state: entity.state, cluster };
}

/**
 * Finds the object a text names: by name, else by id (or id prefix of at least 8 characters).
 * Undefined when nothing matches; throws when several do (two clusters named `dev`: acting on
 * either would be a guess).
 */
export function targetByName(inventory: Inventory, kind: MachineKind, name: string): MachineTarget | undefined {
  const text = name.trim();
  if (!text) return undefined;
  const entries = inventory.entries(kind);
  const byName = entries.filter(([, entity]) => entity.name === text);
  const matches =
    byName.length > 0
      ? byName
      : entries.filter(([key, entity]) => entity.id === text || key === text || (text.length >= 8 && entity.id?.startsWith(text)));
  if (matches.length > 1) {
    throw new Error(
      vscode.l10n.t('qbo: {0} objects match "{1}"; pick the one you mean in the Clusters view.', matches.length, text.slice(0, 64)),
    );
  }
  const [match] = matches;
  return match ? targetFromKey(inventory, kind, match[0]) : undefined;
}

/** The text selected in the active editor, or the word under the cursor. */
export function editorSelectionText(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const selection = editor.selection;
  if (!selection.isEmpty) return editor.document.getText(selection).trim();
  const range = editor.document.getWordRangeAtPosition(selection.active, /[A-Za-z0-9][A-Za-z0-9._-]*/);
  return range ? editor.document.getText(range) : undefined;
}

/** Targets given by the command's arguments, or undefined when there are none to go by. */
export function targetsFromArgs(context: CommandContext, kind: MachineKind, args: unknown[]): MachineTarget[] | undefined {
  const inventory = context.manager.inventory;
  const [first, second] = args;
  if (isTreeElement(first)) {
    const selected =
      Array.isArray(second) && second.some((item) => isTreeElement(item) && item.id === first.id) ? (second as TreeElement[]) : [first];
    return selected
      .filter((element): element is Extract<TreeElement, { key: string }> => element.type === ELEMENT_TYPE[kind])
      .map((element) => targetFromKey(inventory, kind, element.key))
      .filter((target): target is MachineTarget => target !== undefined);
  }
  if (first instanceof vscode.Uri) {
    const text = editorSelectionText();
    const target = text ? targetByName(inventory, kind, text) : undefined;
    return target ? [target] : [];
  }
  const names =
    typeof first === 'string'
      ? [first]
      : Array.isArray(first) && first.every((item) => typeof item === 'string')
        ? (first as string[])
        : undefined;
  if (names)
    return names.map((name) => targetByName(inventory, kind, name)).filter((target): target is MachineTarget => target !== undefined);
  return undefined;
}

/** Asks which objects to act on, offering only those the verb fits. Cancelled when there are none or none is picked. */
export async function pickTargets(
  context: CommandContext,
  kind: MachineKind,
  verb: MachineVerb | undefined,
  title: string,
  canPickMany: boolean,
): Promise<MachineTarget[]> {
  const inventory = context.manager.inventory;
  const candidates = inventory
    .entries(kind)
    .map(([key]) => targetFromKey(inventory, kind, key))
    .filter((target): target is MachineTarget => target !== undefined && (verb === undefined || applicable(verb, target.state)));
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(
      kind === 'clusters' ? vscode.l10n.t('qbo: no cluster to act on.') : vscode.l10n.t('qbo: no node to act on.'),
    );
    throw new Cancelled();
  }
  const items = candidates
    .map((target) => ({
      label: target.name ?? target.key,
      description: target.state,
      detail: kind === 'nodes' ? inventory.get('nodes', target.key)?.cluster : undefined,
      target,
    }))
    .sort((a, b) => a.label.localeCompare(b.label, 'en', { numeric: true }));
  if (canPickMany) {
    const picked = await vscode.window.showQuickPick(items, { title, canPickMany: true, matchOnDescription: true });
    if (!picked || picked.length === 0) throw new Cancelled();
    return picked.map((item) => item.target);
  }
  return [orCancel(await vscode.window.showQuickPick(items, { title, matchOnDescription: true })).target];
}

/** Targets from the arguments (at least one), else from a quick pick. Cancelled when there is nothing to act on. */
export async function resolveTargets(
  context: CommandContext,
  kind: MachineKind,
  verb: MachineVerb | undefined,
  args: unknown[],
  title: string,
  canPickMany = true,
): Promise<MachineTarget[]> {
  const fromArgs = targetsFromArgs(context, kind, args);
  if (fromArgs !== undefined) {
    if (fromArgs.length > 0) return fromArgs;
    void vscode.window.showWarningMessage(
      vscode.l10n.t(
        'qbo: nothing to act on: the selection names no known {0}.',
        kind === 'clusters' ? vscode.l10n.t('cluster') : vscode.l10n.t('node'),
      ),
    );
    throw new Cancelled();
  }
  return pickTargets(context, kind, verb, title, canPickMany);
}
