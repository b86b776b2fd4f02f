// Which objects a command acts on: the clicked row (and the rest of a multi-selection), a name
// selected in the editor, names passed by another extension or test, or a quick pick.
import * as vscode from 'vscode';
import { isTreeElement, type TreeElement } from '../../explorer/treeElements';
import { naturalCompare } from '../../explorer/naturalOrder';
import type { ConnectedProfile } from '../../session/sessionManager';
import type { Inventory } from '../../qbo/inventory';
import type { QboNode } from '../../qbo/messages';
import type { MachineKind } from '../../qbo/commandLine';
import { applicable, type MachineTarget, type MachineVerb } from '../commandLines';
import type { CommandContext } from '../types';
import { Cancelled, orCancel } from './boundary';
import { pickProfile, profileNameIn, requireProfile } from './session';
import { showInformation, showWarning } from '../../ui/notifications';
import { safePickItem } from '../../ui/safeText';

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

/** The targets of one profile a command acts on. */
export interface ProfileTargets {
  profile: ConnectedProfile;
  targets: MachineTarget[];
}

/** Names given by the arguments: a string, or a list of strings. */
function namesIn(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string') ? (value as string[]) : undefined;
}

/**
 * Objects named by text (an editor selection, or names another extension passed): looked up in
 * the profile the arguments name, else in every connected profile; the user picks the profile when
 * the names are found in several.
 */
async function targetsByNames(
  context: CommandContext,
  kind: MachineKind,
  names: readonly string[],
  profileName: string | undefined,
  title: string,
): Promise<ProfileTargets[]> {
  const candidates = profileName !== undefined ? [await requireProfile(context, title, profileName)] : context.manager.profiles;
  const found: ProfileTargets[] = [];
  for (const profile of candidates) {
    const targets = names
      .map((name) => targetByName(profile.inventory, kind, name))
      .filter((target): target is MachineTarget => target !== undefined);
    if (targets.length > 0) found.push({ profile, targets });
  }
  if (found.length <= 1) return found;
  const chosen = await pickProfile(
    found.map((entry) => entry.profile),
    vscode.l10n.t('{0}: "{1}" is in several profiles', title, names.join(', ').slice(0, 64)),
  );
  return found.filter((entry) => entry.profile === chosen);
}

/** Targets given by the command's arguments, per profile, or undefined when there are none to go by. */
export async function targetsFromArgs(
  context: CommandContext,
  kind: MachineKind,
  args: unknown[],
  title: string,
): Promise<ProfileTargets[] | undefined> {
  const [first, second] = args;
  if (isTreeElement(first)) {
    const selected =
      Array.isArray(second) && second.some((item) => isTreeElement(item) && item.id === first.id) ? (second as TreeElement[]) : [first];
    const groups = new Map<string, MachineTarget[]>();
    for (const element of selected) {
      if (element.type !== ELEMENT_TYPE[kind]) continue;
      const profile = context.manager.profile(element.profile);
      const target = profile ? targetFromKey(profile.inventory, kind, element.key) : undefined;
      if (!target) continue;
      groups.set(element.profile, [...(groups.get(element.profile) ?? []), target]);
    }
    const result: ProfileTargets[] = [];
    // Each row acts on its own profile: a selection across profiles is one command per profile.
    for (const [name, targets] of groups) result.push({ profile: await requireProfile(context, title, name), targets });
    return result;
  }
  if (first instanceof vscode.Uri) {
    const text = editorSelectionText();
    return text ? targetsByNames(context, kind, [text], undefined, title) : [];
  }
  const names = namesIn(first);
  if (names) return targetsByNames(context, kind, names, profileNameIn(args.slice(1)), title);
  return undefined;
}

/** Asks which objects of a profile to act on, offering only those the verb fits. Cancelled when there are none or none is picked. */
export async function pickTargets(
  profile: ConnectedProfile,
  kind: MachineKind,
  verb: MachineVerb | undefined,
  title: string,
  canPickMany: boolean,
): Promise<MachineTarget[]> {
  const inventory = profile.inventory;
  const candidates = inventory
    .entries(kind)
    .map(([key]) => targetFromKey(inventory, kind, key))
    .filter((target): target is MachineTarget => target !== undefined && (verb === undefined || applicable(verb, target.state)));
  if (candidates.length === 0) {
    void showInformation(kind === 'clusters' ? vscode.l10n.t('qbo: no cluster to act on.') : vscode.l10n.t('qbo: no node to act on.'));
    throw new Cancelled();
  }
  const items = candidates
    .map((target) =>
      safePickItem({
        label: target.name ?? target.key,
        description: target.state,
        detail: kind === 'nodes' ? inventory.get('nodes', target.key)?.cluster : undefined,
        target,
      }),
    )
    .sort((a, b) => naturalCompare(a.label, b.label));
  if (canPickMany) {
    const picked = await vscode.window.showQuickPick(items, { title, canPickMany: true, matchOnDescription: true });
    if (!picked || picked.length === 0) throw new Cancelled();
    return picked.map((item) => item.target);
  }
  return [orCancel(await vscode.window.showQuickPick(items, { title, matchOnDescription: true })).target];
}

/**
 * Targets from the arguments (at least one), per profile, else from a quick pick in the profile
 * the arguments name (or the only one, or the one the user picks). Cancelled when there is nothing
 * to act on.
 */
export async function resolveTargets(
  context: CommandContext,
  kind: MachineKind,
  verb: MachineVerb | undefined,
  args: unknown[],
  title: string,
  canPickMany = true,
): Promise<ProfileTargets[]> {
  await context.manager.ensureStarted();
  const fromArgs = await targetsFromArgs(context, kind, args, title);
  if (fromArgs !== undefined) {
    if (fromArgs.length > 0) return fromArgs;
    void showWarning(
      vscode.l10n.t(
        'qbo: nothing to act on: the selection names no known {0}.',
        kind === 'clusters' ? vscode.l10n.t('cluster') : vscode.l10n.t('node'),
      ),
    );
    throw new Cancelled();
  }
  const profile = await requireProfile(context, title, profileNameIn(args));
  return [{ profile, targets: await pickTargets(profile, kind, verb, title, canPickMany) }];
}

/** The one target (and its profile) a command acts on. Cancelled when there is none. */
export async function resolveTarget(
  context: CommandContext,
  kind: MachineKind,
  verb: MachineVerb | undefined,
  args: unknown[],
  title: string,
): Promise<{ profile: ConnectedProfile; target: MachineTarget }> {
  const [group] = await resolveTargets(context, kind, verb, args, title, false);
  const target = group?.targets[0];
  if (!group || !target) throw new Cancelled();
  return { profile: group.profile, target };
}
