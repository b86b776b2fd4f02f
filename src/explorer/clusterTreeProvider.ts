// The VS Code adapter of TreeModel: converts presentations into TreeItems and relays the
// model's targeted refreshes to the view.
import * as vscode from 'vscode';
import type { Presentation } from './presentation';
import type { TreeElement } from './treeElements';
import type { TreeModel } from './treeModel';
import { rowTreeItem } from '../ui/treeItem';

export const RETRY_COMMAND = 'qbo.refresh';

export class ClusterTreeProvider implements vscode.TreeDataProvider<TreeElement>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<TreeElement | TreeElement[] | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly subscription: { dispose(): void };

  constructor(readonly model: TreeModel) {
    this.subscription = model.onDidChange((elements) => this.changeEmitter.fire(elements));
  }

  getTreeItem(element: TreeElement): vscode.TreeItem {
    const presentation = this.model.presentation(element);
    if (!presentation) {
      // The object vanished between the refresh and this call; show a harmless stub.
      const item = new vscode.TreeItem(vscode.l10n.t('(removed)'));
      item.id = element.id;
      return item;
    }
    return toTreeItem(element, presentation);
  }

  getChildren(element?: TreeElement): TreeElement[] {
    return this.model.children(element);
  }

  getParent(element: TreeElement): TreeElement | undefined {
    return this.model.parent(element);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changeEmitter.dispose();
  }
}

export function toTreeItem(element: TreeElement, presentation: Presentation): vscode.TreeItem {
  const item = rowTreeItem(element.id, presentation);
  if (element.type === 'placeholder' && element.placeholder === 'error') {
    item.command = { command: RETRY_COMMAND, title: vscode.l10n.t('Retry') };
  }
  return item;
}
