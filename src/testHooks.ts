// The test-only path to the extension's internals: a command registered only when VS Code runs
// the extension under test (see exposesInternalsForTests in api.ts); a user's install never has
// it. test/integration/suite/testApi.ts is its one caller.
import * as vscode from 'vscode';
import { exposesInternalsForTests } from './api';
import type { ClusterTreeProvider } from './explorer/clusterTreeProvider';
import type { TreeElement } from './explorer/treeElements';
import type { TreeModel } from './explorer/treeModel';
import type { EmulatorSupervisor } from './session/emulatorSupervisor';
import type { SessionManager } from './session/sessionManager';
import type { ConnectionStatusBar } from './ui/statusBar';
import type { ForwardStatusBar } from './ui/forwardStatusBar';

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
  /** Milliseconds activate() took. */
  readonly activationMs: number;
  /** Folder of this extension's log files (the "qbo" output channel is written there). */
  readonly logUri: vscode.Uri;
  /** Whether SecretStorage itself holds credentials for a profile (yes or no, never the secret). */
  readonly hasStoredCredentials: (profile: string) => Promise<boolean>;
}

export function registerInternalsForTests(context: vscode.ExtensionContext, internals: () => TestInternals): void {
  if (!exposesInternalsForTests(context.extensionMode)) return;
  context.subscriptions.push(vscode.commands.registerCommand(TEST_INTERNALS_COMMAND, internals));
}
