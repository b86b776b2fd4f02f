// The status bar entry that says how many port forwards run (`$(plug) 2`), shown only while any
// do; a click lists them (Show Port Forwards). Also the `qbo.forwardCount` context key.
import * as vscode from 'vscode';
import type { ForwardList } from '../forwards/forwardList';
import { forwardStatusText } from '../forwards/forwardText';

export class ForwardStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('qbo.forwards', vscode.StatusBarAlignment.Left, 9);
  private readonly subscription: { dispose(): void };

  constructor(private readonly forwards: ForwardList) {
    this.item.name = vscode.l10n.t('qbo Port Forwards');
    this.item.command = 'qbo.showForwards';
    this.subscription = forwards.onDidChange(() => this.update());
    this.update();
  }

  private update(): void {
    const shown = forwardStatusText(this.forwards.all());
    void vscode.commands.executeCommand('setContext', 'qbo.forwardCount', this.forwards.size);
    if (!shown) {
      this.item.hide();
      return;
    }
    this.item.text = shown.text;
    this.item.tooltip = shown.tooltip;
    this.item.show();
  }

  /** What the entry shows now, `undefined` while hidden (tests read it). */
  get text(): string | undefined {
    return this.forwards.size > 0 ? this.item.text : undefined;
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
