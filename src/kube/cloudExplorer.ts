// qbo under "Clouds" in the Kubernetes extension's Cloud Explorer: one row per cluster with its
// state (grouped by profile when several are connected), and the kubeconfig its own Merge into
// Kubeconfig / Save Kubeconfig commands ask for.
import * as vscode from 'vscode';
import type { CloudExplorerV1 } from 'vscode-kubernetes-tools-api';
import { naturalCompare } from '../explorer/naturalOrder';
import { singleState, type SessionManager } from '../session/sessionManager';
import { CLOUD_NAME, cloudClusterRow, cloudMessageRow, cloudProfileRow, type CloudRow } from './cloudPresentation';
import { cloudExplorerApi } from './kubernetesExtension';

export type CloudNode =
  | { type: 'profile'; profile: string }
  | { type: 'cluster'; profile: string; key: string; name: string }
  | { type: 'message'; kind: 'signed-out' | 'loading' | 'empty' };

export class QboCloudTree implements vscode.TreeDataProvider<CloudNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<CloudNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: { dispose(): void }[];
  private inventorySubscriptions: { dispose(): void }[] = [];
  private pending: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly manager: SessionManager) {
    this.subscriptions = [
      this.manager.onDidChangeState(() => this.refresh()),
      this.manager.onDidChangeProfiles(() => {
        this.bind();
        this.refresh();
      }),
    ];
    this.bind();
  }

  /** One refresh per burst: a full listing changes thousands of objects at once. */
  private refresh(): void {
    this.pending ??= setTimeout(() => {
      this.pending = undefined;
      this.changed.fire(undefined);
    }, 100);
  }

  private bind(): void {
    for (const subscription of this.inventorySubscriptions) subscription.dispose();
    this.inventorySubscriptions = this.manager.profiles.map((profile) => profile.inventory.onDidChange(() => this.refresh()));
  }

  getChildren(element?: CloudNode): CloudNode[] {
    if (element?.type === 'profile') return this.clustersOf(element.profile);
    if (element) return [];
    // Showing the Clouds view is asking for qbo's clusters: connect then, not before.
    void this.manager.ensureStarted();
    const state = this.manager.state;
    const single = singleState(state);
    if (single?.kind === 'signed-out' || single?.kind === 'invalid') return [{ type: 'message', kind: 'signed-out' }];
    // Several profiles: one group each, so the same cluster name in two accounts is two rows.
    if (!single && state.kind === 'ready') return state.profiles.map((profile) => ({ type: 'profile', profile: profile.name }));
    const sole = this.manager.sole;
    const clusters = sole ? this.clustersOf(sole.name) : [];
    if (clusters.length > 0) return clusters;
    const ready = single?.kind === 'session' && single.status.kind === 'ready';
    return [{ type: 'message', kind: ready ? 'empty' : 'loading' }];
  }

  private clustersOf(profile: string): CloudNode[] {
    const inventory = this.manager.profile(profile)?.inventory;
    if (!inventory) return [];
    return inventory
      .entries('clusters')
      .map(([key, cluster]) => ({ type: 'cluster' as const, profile, key, name: cluster.name ?? key }))
      .sort((a, b) => naturalCompare(a.name, b.name));
  }

  row(element: CloudNode): CloudRow | undefined {
    if (element.type === 'message') return cloudMessageRow(element.kind);
    if (element.type === 'profile')
      return cloudProfileRow(element.profile, this.manager.profile(element.profile)?.inventory.size('clusters') ?? 0);
    const cluster = this.manager.profile(element.profile)?.inventory.get('clusters', element.key);
    return cluster ? cloudClusterRow(cluster, element.key) : undefined;
  }

  getTreeItem(element: CloudNode): vscode.TreeItem {
    const row = this.row(element) ?? { label: element.type === 'cluster' ? element.name : '', icon: { id: 'question' }, contextValue: '' };
    const collapsible = element.type === 'profile' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(row.label, collapsible);
    item.description = row.description;
    item.tooltip = row.tooltip;
    item.contextValue = row.contextValue;
    item.iconPath = new vscode.ThemeIcon(row.icon.id, row.icon.color ? new vscode.ThemeColor(row.icon.color) : undefined);
    if (element.type === 'message' && element.kind === 'signed-out') item.command = { command: 'qbo.signIn', title: row.label };
    return item;
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    for (const subscription of [...this.subscriptions, ...this.inventorySubscriptions]) subscription.dispose();
    this.changed.dispose();
  }
}

/**
 * Registers qbo with the Kubernetes extension's Cloud Explorer when that extension is installed;
 * false when it is not. `kubeconfigOf` fetches a cluster's kubeconfig (undefined cancels).
 */
export async function registerQboCloud(
  tree: QboCloudTree,
  kubeconfigOf: (profile: string, clusterKey: string) => Promise<string | undefined>,
): Promise<CloudExplorerV1 | undefined> {
  const api = await cloudExplorerApi();
  if (!api) return undefined;
  api.registerCloudProvider({
    cloudName: CLOUD_NAME,
    treeDataProvider: tree,
    getKubeconfigYaml: (node: unknown) => {
      const cluster = node as CloudNode | undefined;
      return cluster?.type === 'cluster' ? kubeconfigOf(cluster.profile, cluster.key) : Promise.resolve(undefined);
    },
  });
  return api;
}
