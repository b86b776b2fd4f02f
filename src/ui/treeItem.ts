// One place that turns a pure row presentation into a VS Code TreeItem, for every view: tooltips are
// Markdown built from server text, so they are never trusted and never render HTML.
import * as vscode from 'vscode';

export interface RowPresentation {
  label: string;
  description?: string;
  /** Markdown. */
  tooltip?: string;
  icon: { id: string; color?: string };
  contextValue: string;
  collapsible: 'none' | 'collapsed' | 'expanded';
}

const COLLAPSIBLE: Record<RowPresentation['collapsible'], vscode.TreeItemCollapsibleState> = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
};

export function rowTreeItem(id: string, presentation: RowPresentation): vscode.TreeItem {
  const item = new vscode.TreeItem(presentation.label, COLLAPSIBLE[presentation.collapsible]);
  item.id = id;
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
  return item;
}
