// Context keys for the editor's context menu: is this document a qbo cli.json, and does the
// selection name a known cluster or node (and in which state)?
import * as vscode from 'vscode';
import { looksLikeCliJson } from '../qbo/credentials';
import type { Inventory } from '../qbo/inventory';
import { stateClass } from '../qbo/domain';

export class EditorContextKeys implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly inventory: Inventory) {
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule()),
      vscode.window.onDidChangeTextEditorSelection(() => this.schedule()),
      vscode.workspace.onDidSaveTextDocument(() => this.schedule()),
      inventory.onDidChange(() => this.schedule()),
    );
    this.update();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.update(), 100);
  }

  private update(): void {
    this.timer = undefined;
    const editor = vscode.window.activeTextEditor;
    const document = editor?.document;
    const isCliJson =
      document !== undefined && (document.languageId === 'json' || document.languageId === 'jsonc') && looksLikeCliJson(document.getText());
    void vscode.commands.executeCommand('setContext', 'qbo.editorIsCliJson', isCliJson);
    let selected = '';
    if (editor && !editor.selection.isEmpty && editor.selection.isSingleLine) selected = document?.getText(editor.selection).trim() ?? '';
    let kind = '';
    let state = '';
    if (selected && selected.length <= 64) {
      const cluster = this.inventory.findCluster(selected);
      if (cluster) {
        kind = 'cluster';
        state = stateClass(cluster[1].state);
      } else {
        const node = this.inventory.all('nodes').find((candidate) => candidate.name === selected);
        if (node) {
          kind = 'node';
          state = stateClass(node.state);
        }
      }
    }
    void vscode.commands.executeCommand('setContext', 'qbo.selectionKind', kind);
    void vscode.commands.executeCommand('setContext', 'qbo.selectionState', state);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const disposable of this.disposables) disposable.dispose();
  }
}
