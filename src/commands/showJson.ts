// Show JSON: the raw object (unknown fields included) as a read-only virtual document.
import * as vscode from 'vscode';
import { ELEMENT_OF, KIND_OF } from '../explorer/treeElements';
import { eventTouchesKind, INVENTORY_KINDS, type InventoryChangeEvent, type InventoryKind } from '../qbo/inventory';
import type { SessionManager } from '../session/sessionManager';
import { Cancelled } from './support/boundary';
import { elementsFor } from './support/pickElement';
import type { QboCommand } from './types';

export const JSON_SCHEME = 'qbo-json';

/** Serves `qbo-json:/PROFILE/KIND/KEY/NAME.json` from that profile's inventory; refreshes when the object changes. */
export class JsonDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changeEmitter.event;
  private readonly subscription: { dispose(): void };
  private inventorySubscriptions: { dispose(): void }[] = [];

  constructor(private readonly manager: SessionManager) {
    this.subscription = manager.onDidChangeProfiles(() => this.bind());
    this.bind();
  }

  private bind(): void {
    for (const subscription of this.inventorySubscriptions) subscription.dispose();
    this.inventorySubscriptions = this.manager.profiles.map((profile) =>
      profile.inventory.onDidChange((event) => this.onInventory(profile.name, event)),
    );
    // A profile that went away (or came back): its open documents say so (or show it again).
    for (const document of vscode.workspace.textDocuments) if (document.uri.scheme === JSON_SCHEME) this.changeEmitter.fire(document.uri);
  }

  private onInventory(profile: string, event: InventoryChangeEvent): void {
    for (const document of vscode.workspace.textDocuments) {
      if (document.uri.scheme !== JSON_SCHEME) continue;
      const ref = parseJsonUri(document.uri);
      if (!ref || ref.profile !== profile) continue;
      if (
        event.reset ? eventTouchesKind(event, ref.kind) : event.changes.some((change) => change.kind === ref.kind && change.key === ref.key)
      )
        this.changeEmitter.fire(document.uri);
    }
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const ref = parseJsonUri(uri);
    const entity = ref ? this.manager.profile(ref.profile)?.inventory.get(ref.kind, ref.key) : undefined;
    if (!entity) return `// ${vscode.l10n.t('This object is no longer in the inventory.')}\n`;
    return `${JSON.stringify(entity, null, 2)}\n`;
  }

  dispose(): void {
    this.subscription.dispose();
    for (const subscription of this.inventorySubscriptions) subscription.dispose();
    this.changeEmitter.dispose();
  }
}

export function jsonUri(profile: string, kind: InventoryKind, key: string, name: string | undefined): vscode.Uri {
  const file = `${(name ?? key).replace(/[^A-Za-z0-9._-]/g, '_')}.json`;
  return vscode.Uri.from({ scheme: JSON_SCHEME, path: `/${encodeURIComponent(profile)}/${kind}/${encodeURIComponent(key)}/${file}` });
}

export function parseJsonUri(uri: vscode.Uri): { profile: string; kind: InventoryKind; key: string } | undefined {
  const [, profile, kind, key] = uri.path.split('/');
  if (profile === undefined || !kind || !key || !INVENTORY_KINDS.includes(kind as InventoryKind)) return undefined;
  try {
    return { profile: decodeURIComponent(profile), kind: kind as InventoryKind, key: decodeURIComponent(key) };
  } catch {
    return undefined;
  }
}

export const showJson: QboCommand = {
  id: 'qbo.showJson',
  async run(context, ...args) {
    const [element] = await elementsFor(context, args, vscode.l10n.t('Show JSON'));
    if (!element) throw new Cancelled();
    const kind = KIND_OF[element.type];
    if (!ELEMENT_OF[kind]) throw new Cancelled();
    const entity = context.model.entity(element);
    const uri = jsonUri(element.profile, kind, element.key, typeof entity?.name === 'string' ? entity.name : undefined);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(document, 'json');
    await vscode.window.showTextDocument(document, { preview: true });
    return document;
  },
};
