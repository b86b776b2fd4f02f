// Context keys for the editor's context menu: is this document a qbo cli.json or a Kubernetes
// manifest, and does the selection name a known cluster or node (and in which state)?
import * as vscode from 'vscode';
import { looksLikeManifest } from '../manifests/manifest';
import { looksLikeCliJson } from '../qbo/credentials';
import { stateClass } from '../qbo/domain';
import type { SessionManager } from '../session/sessionManager';

export class EditorContextKeys implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private manifestTimer: NodeJS.Timeout | undefined;
  /** Whether the active document is a qbo cli.json, as of the last full update. */
  private isCliJson = false;
  private inventorySubscriptions: { dispose(): void }[] = [];

  constructor(private readonly manager: SessionManager) {
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule()),
      vscode.window.onDidChangeTextEditorSelection(() => this.schedule()),
      vscode.workspace.onDidSaveTextDocument(() => this.schedule()),
      // Typing can make a document a manifest: only that key follows the text (a larger debounce, no cli.json parse).
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === vscode.window.activeTextEditor?.document) this.scheduleManifest();
      }),
      manager.onDidChangeProfiles(() => this.bind()),
    );
    this.bind();
  }

  /** Every connected profile's inventory: a selection may name a cluster of any of them. */
  private bind(): void {
    for (const subscription of this.inventorySubscriptions) subscription.dispose();
    this.inventorySubscriptions = this.manager.profiles.map((profile) => profile.inventory.onDidChange(() => this.schedule()));
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.update(), 100);
  }

  private scheduleManifest(): void {
    if (this.manifestTimer) clearTimeout(this.manifestTimer);
    this.manifestTimer = setTimeout(() => {
      this.manifestTimer = undefined;
      this.updateManifest();
    }, 300);
  }

  private updateManifest(): void {
    const document = vscode.window.activeTextEditor?.document;
    const isManifest =
      document !== undefined &&
      !this.isCliJson &&
      ['yaml', 'json', 'jsonc'].includes(document.languageId) &&
      looksLikeManifest(document.getText());
    void vscode.commands.executeCommand('setContext', 'qbo.editorIsManifest', isManifest);
  }

  private update(): void {
    this.timer = undefined;
    const editor = vscode.window.activeTextEditor;
    const document = editor?.document;
    const isCliJson =
      document !== undefined && (document.languageId === 'json' || document.languageId === 'jsonc') && looksLikeCliJson(document.getText());
    void vscode.commands.executeCommand('setContext', 'qbo.editorIsCliJson', isCliJson);
    this.isCliJson = isCliJson;
    this.updateManifest();
    let selected = '';
    if (editor && !editor.selection.isEmpty && editor.selection.isSingleLine) selected = document?.getText(editor.selection).trim() ?? '';
    let kind = '';
    let state = '';
    if (selected && selected.length <= 64) {
      for (const { inventory } of this.manager.profiles) {
        const cluster = inventory.findCluster(selected);
        const node = cluster ? undefined : inventory.all('nodes').find((candidate) => candidate.name === selected);
        if (cluster || node) {
          kind = cluster ? 'cluster' : 'node';
          state = stateClass(cluster ? cluster[1].state : node?.state);
          break;
        }
      }
    }
    void vscode.commands.executeCommand('setContext', 'qbo.selectionKind', kind);
    void vscode.commands.executeCommand('setContext', 'qbo.selectionState', state);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.manifestTimer) clearTimeout(this.manifestTimer);
    for (const subscription of this.inventorySubscriptions) subscription.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
