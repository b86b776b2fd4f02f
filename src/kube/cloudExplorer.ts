// qbo under "Clouds" in the Kubernetes extension's Cloud Explorer: one row per cluster with its
// state, and the kubeconfig its own Merge into Kubeconfig / Save Kubeconfig commands ask for.
import * as vscode from 'vscode';
import type { CloudExplorerV1 } from 'vscode-kubernetes-tools-api';
import type { Inventory } from '../qbo/inventory';
import type { SessionManager } from '../session/sessionManager';
import { CLOUD_NAME, cloudClusterRow, cloudMessageRow, type CloudRow } from './cloudPresentation';
import { cloudExplorerApi } from './kubernetesExtension';

export type CloudNode = { type: 'cluster'; key: string; name: string } | { type: 'message'; kind: 'signed-out' | 'loading' | 'empty' };

export class QboCloudTree implements vscode.TreeDataProvider<CloudNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<CloudNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  private pending: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly manager: SessionManager,
    private readonly inventory: Inventory,
  ) {
    // One refresh per burst: a full listing changes thousands of objects at once.
    const refresh = () => {
      this.pending ??= setTimeout(() => {
        this.pending = undefined;
        this.changed.fire(undefined);
      }, 100);
    };
    this.subscriptions = [this.inventory.onDidChange(refresh), this.manager.onDidChangeState(refresh)];
  }

  getChildren(element?: CloudNode): CloudNode[] {
    if (element) return [];
    // Showing the Clouds view is asking for qbo's clusters: connect then, not before.
    void this.manager.ensureStarted();
    const state = this.manager.state;
    if (state.kind === 'signed-out' || state.kind === 'invalid') return [{ type: 'message', kind: 'signed-out' }];
    const clusters = this.inventory
      .entries('clusters')
      .map(([key, cluster]): CloudNode => ({ type: 'cluster', key, name: cluster.name ?? key }))
      .sort((a, b) => (a.type === 'cluster' && b.type === 'cluster' ? a.name.localeCompare(b.name, 'en', { numeric: true }) : 0));
    if (clusters.length > 0) return clusters;
    const ready = state.kind === 'session' && state.status.kind === 'ready';
    return [{ type: 'message', kind: ready ? 'empty' : 'loading' }];
  }

  row(element: CloudNode): CloudRow | undefined {
    if (element.type === 'message') return cloudMessageRow(element.kind);
    const cluster = this.inventory.get('clusters', element.key);
    return cluster ? cloudClusterRow(cluster, element.key) : undefined;
  }

  getTreeItem(element: CloudNode): vscode.TreeItem {
    const row = this.row(element) ?? { label: element.type === 'cluster' ? element.name : '', icon: { id: 'question' }, contextValue: '' };
    const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.None);
    item.description = row.description;
    item.tooltip = row.tooltip;
    item.contextValue = row.contextValue;
    item.iconPath = new vscode.ThemeIcon(row.icon.id, row.icon.color ? new vscode.ThemeColor(row.icon.color) : undefined);
    if (element.type === 'message' && element.kind === 'signed-out') item.command = { command: 'qbo.signIn', title: row.label };
    return item;
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changed.dispose();
  }
}

/**
 * Registers qbo with the Kubernetes extension's Cloud Explorer when that extension is installed;
 * false when it is not. `kubeconfigOf` fetches a cluster's kubeconfig (undefined cancels).
 */
export async function registerQboCloud(
  tree: QboCloudTree,
  kubeconfigOf: (clusterName: string) => Promise<string | undefined>,
): Promise<CloudExplorerV1 | undefined> {
  const api = await cloudExplorerApi();
  if (!api) return undefined;
  api.registerCloudProvider({
    cloudName: CLOUD_NAME,
    treeDataProvider: tree,
    getKubeconfigYaml: (node: unknown) => {
      const cluster = node as CloudNode | undefined;
      return cluster?.type === 'cluster' ? kubeconfigOf(cluster.name) : Promise.resolve(undefined);
    },
  });
  return api;
}
