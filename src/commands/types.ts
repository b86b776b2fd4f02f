// What every command receives, and how a command is declared (one file per verb).
import type * as vscode from 'vscode';
import type { Activity } from '../activity/activity';
import type { TreeElement } from '../explorer/treeElements';
import type { TreeModel } from '../explorer/treeModel';
import type { PortForwards } from '../forwards/portForwards';
import type { EmulatorSupervisor } from '../session/emulatorSupervisor';
import type { ProfileStore } from '../session/profileStore';
import type { SessionManager } from '../session/sessionManager';
import type { OutputLog } from '../ui/output';

export interface CommandContext {
  extension: vscode.ExtensionContext;
  manager: SessionManager;
  model: TreeModel;
  treeView: vscode.TreeView<TreeElement>;
  output: OutputLog;
  profiles: ProfileStore;
  emulator: EmulatorSupervisor;
  /** The running port forwards (their list, and the kubectl processes behind them). */
  forwards: PortForwards;
  /** The Activity view's log, who last acted on each cluster (the conflict guard), its filter. */
  activity: Activity;
}

export interface QboCommand {
  id: string;
  run(context: CommandContext, ...args: unknown[]): unknown;
}
