// The Activity view in VS Code: the second view of the qbo container (collapsed by default), its
// description (who else is connected, the filter), the "… ago" ticking while it is visible, the
// filter remembered per workspace, the log loaded from storage on first need, and the opt-in toast
// for other clients' commands that change state (`qbo.activity.notify`).
import * as vscode from 'vscode';
import type { SessionManager } from '../session/sessionManager';
import { userSetting } from '../settings';
import { showInformation } from '../ui/notifications';
import { Activity } from './activity';
import { isActivityFiltering, parseActivityFilter, type ActivityFilter } from './activityFilter';
import { otherCommandToast } from './activityText';
import type { ActivityElement } from './activityTree';
import { ActivityTreeProvider } from './activityTreeProvider';
import type { Timer } from './clock';
import type { OtherCommandRecorded } from './recorder';

export const ACTIVITY_VIEW_ID = 'qbo.activity';
/** Where the Activity view's filter is remembered (workspaceState: each workspace keeps its own). */
const FILTER_STATE_KEY = 'qbo.activityFilter';

export type ActivityNotify = 'never' | 'others';

/** `qbo.activity.notify` as the user set it (a workspace cannot turn toasts on). */
export function activityNotify(): ActivityNotify {
  return userSetting<string>('activity.notify', 'never') === 'others' ? 'others' : 'never';
}

export class ActivityView implements vscode.Disposable {
  readonly activity: Activity;
  readonly provider: ActivityTreeProvider;
  readonly treeView: vscode.TreeView<ActivityElement>;
  private readonly subscriptions: vscode.Disposable[] = [];
  private ticker: Timer | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    manager: SessionManager,
  ) {
    this.activity = new Activity(manager, { storageFolder: context.globalStorageUri.fsPath });
    const model = this.activity.tree;
    this.provider = new ActivityTreeProvider(model);
    this.treeView = vscode.window.createTreeView(ACTIVITY_VIEW_ID, { treeDataProvider: this.provider });
    model.setFilter(parseActivityFilter(context.workspaceState.get(FILTER_STATE_KEY)));
    this.onFilter(model.filter);
    this.subscriptions.push(
      this.provider,
      this.treeView,
      model.onDidChange(() => {
        this.updateHeader();
        this.tick();
      }),
      model.onDidChangeFilter((filter) => this.onFilter(filter)),
      this.activity.recorder.onDidChangePresence(() => model.refresh()),
      this.activity.recorder.onDidRecordOtherCommand((recorded) => this.notify(recorded, manager.profiles.length)),
      manager.onDidChangeProfiles(() => model.refresh()),
      this.treeView.onDidChangeVisibility((event) => {
        if (event.visible) void this.activity.store.load();
        this.tick();
      }),
    );
    this.updateHeader();
  }

  dispose(): void {
    this.ticker?.cancel();
    for (const subscription of this.subscriptions) subscription.dispose();
    this.activity.dispose();
  }

  private onFilter(filter: ActivityFilter): void {
    void this.context.workspaceState.update(FILTER_STATE_KEY, isActivityFiltering(filter) ? filter : undefined);
    void vscode.commands.executeCommand('setContext', 'qbo.activityFiltered', isActivityFiltering(filter));
    this.updateHeader();
  }

  /** Assigned only when changed: every assignment of `message` is a refresh of the view. */
  private updateHeader(): void {
    const description = this.activity.tree.description();
    const message = this.activity.tree.message();
    if (this.treeView.description !== description) this.treeView.description = description;
    if ((this.treeView.message ?? '') !== (message ?? '')) this.treeView.message = message;
  }

  /** While the view is visible, refresh it when a row's "… ago" reads differently. */
  private tick(): void {
    this.ticker?.cancel();
    this.ticker = undefined;
    if (!this.treeView.visible) return;
    const next = this.activity.tree.nextChange();
    if (next === undefined) return;
    this.ticker = this.activity.clock.after(next - this.activity.clock.now(), () => {
      this.ticker = undefined;
      this.activity.tree.refresh();
    });
  }

  /** One non-modal toast per other client's command that changes state, when the user asked for them. */
  private notify({ profile, entry }: OtherCommandRecorded, profiles: number): void {
    if (activityNotify() !== 'others') return;
    const message = otherCommandToast(entry, profile, profiles);
    if (!message) return;
    const show = vscode.l10n.t('Show Activity');
    void showInformation(message, show).then((choice) => {
      if (choice === show) void vscode.commands.executeCommand(`${ACTIVITY_VIEW_ID}.focus`);
    });
  }
}
