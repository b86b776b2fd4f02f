// The test-only path to the extension's internals: a command registered only when VS Code runs
// the extension under test (see exposesInternalsForTests in api.ts); a user's install never has
// it. test/integration/suite/testApi.ts is its one caller.
import * as vscode from 'vscode';
import type { Activity } from './activity/activity';
import type { ActivityElement } from './activity/activityTree';
import type { ActivityTreeProvider } from './activity/activityTreeProvider';
import { exposesInternalsForTests } from './api';
import type { ClusterTreeProvider } from './explorer/clusterTreeProvider';
import type { TreeElement } from './explorer/treeElements';
import type { TreeModel } from './explorer/treeModel';
import type { EmulatorSupervisor } from './session/emulatorSupervisor';
import type { SessionManager } from './session/sessionManager';
import type { ConnectionStatusBar } from './ui/statusBar';
import type { ForwardStatusBar } from './ui/forwardStatusBar';
import { onDidShowMessage, type ShownMessage } from './ui/notifications';

export const TEST_INTERNALS_COMMAND = 'qbo.internalsForTests';

export interface TestInternals {
  readonly manager: SessionManager;
  readonly model: TreeModel;
  readonly provider: ClusterTreeProvider;
  readonly treeView: vscode.TreeView<TreeElement>;
  readonly statusBar: ConnectionStatusBar;
  /** The port forwards' status bar entry. */
  readonly forwardStatusBar: ForwardStatusBar;
  readonly emulator: EmulatorSupervisor;
  /** The Activity view's log, recorder and model, its provider and its tree view. */
  readonly activity: Activity;
  readonly activityProvider: ActivityTreeProvider;
  readonly activityView: vscode.TreeView<ActivityElement>;
  /** Milliseconds activate() took. */
  readonly activationMs: number;
  /** Folder of this extension's log files (the "qbo" output channel is written there). */
  readonly logUri: vscode.Uri;
  /** Whether SecretStorage itself holds credentials for a profile (yes or no, never the secret). */
  readonly hasStoredCredentials: (profile: string) => Promise<boolean>;
  /** The notifications and dialogs handed to VS Code since activation (the last 100), as VS Code got them. */
  readonly shownMessages: readonly ShownMessage[];
}

export function registerInternalsForTests(context: vscode.ExtensionContext, internals: () => Omit<TestInternals, 'shownMessages'>): void {
  if (!exposesInternalsForTests(context.extensionMode)) return;
  const shownMessages: ShownMessage[] = [];
  context.subscriptions.push(
    onDidShowMessage((message) => {
      shownMessages.push(message);
      if (shownMessages.length > 100) shownMessages.shift();
    }),
    vscode.commands.registerCommand(TEST_INTERNALS_COMMAND, () => ({ ...internals(), shownMessages })),
  );
}
