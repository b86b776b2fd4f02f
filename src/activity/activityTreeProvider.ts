// The VS Code adapter of ActivityTreeModel: converts row presentations into TreeItems; a click on
// an entry reveals its cluster or node in the Clusters view.
import * as vscode from 'vscode';
import type { ActivityElement, ActivityTreeModel } from './activityTree';

export const REVEAL_ACTIVITY_COMMAND = 'qbo.revealActivity';

export class ActivityTreeProvider implements vscode.TreeDataProvider<ActivityElement>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<ActivityElement | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly subscription: { dispose(): void };

  constructor(readonly model: ActivityTreeModel) {
    this.subscription = model.onDidChange(() => this.changeEmitter.fire(undefined));
  }

  getTreeItem(element: ActivityElement): vscode.TreeItem {
    const presentation = this.model.presentation(element);
    if (!presentation) {
      const item = new vscode.TreeItem(vscode.l10n.t('(cleared)'));
      item.id = element.id;
      return item;
    }
    const item = new vscode.TreeItem(
      presentation.label,
      presentation.collapsible === 'expanded' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
    );
    item.id = element.id;
    item.description = presentation.description;
    item.contextValue = presentation.contextValue;
    item.iconPath = new vscode.ThemeIcon(
      presentation.icon.id,
      presentation.icon.color ? new vscode.ThemeColor(presentation.icon.color) : undefined,
    );
    if (presentation.tooltip) {
      const tooltip = new vscode.MarkdownString(presentation.tooltip);
      tooltip.supportHtml = false;
      tooltip.isTrusted = false;
      item.tooltip = tooltip;
    }
    if (element.type === 'entry')
      item.command = { command: REVEAL_ACTIVITY_COMMAND, title: vscode.l10n.t('Reveal in Clusters'), arguments: [element] };
    return item;
  }

  getChildren(element?: ActivityElement): ActivityElement[] {
    return this.model.children(element);
  }

  getParent(element: ActivityElement): ActivityElement | undefined {
    return this.model.parent(element);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changeEmitter.dispose();
  }
}
