// Wires the pieces together; the behaviour lives in src/qbo, src/session, src/explorer,
// src/commands and src/ui. Activation does no network I/O: the first connection is made when the
// Clusters view is first shown or a command needs it.
import * as vscode from 'vscode';
import { createPublicApi, type QboExplorerApi } from './api';
import { ALL_COMMANDS } from './commands';
import { EMULATOR_PROFILE_NAME } from './commands/connectToEmulator';
import { registerKubeconfigDocuments } from './commands/kubeconfigDocument';
import { registerCommands } from './commands/register';
import { JSON_SCHEME, JsonDocumentProvider } from './commands/showJson';
import { readSettings } from './settings';
import type { CommandContext } from './commands/types';
import { ClusterTreeProvider } from './explorer/clusterTreeProvider';
import { EditorContextKeys } from './explorer/editorContext';
import { TreeModel } from './explorer/treeModel';
import { QboCloudTree, registerQboCloud } from './kube/cloudExplorer';
import { kubeconfigOfCluster } from './commands/support/kubeconfig';
import { secretsOf } from './qbo/credentials';
import { EmulatorSupervisor } from './session/emulatorSupervisor';
import { ProfileStore, SECRET_PREFIX } from './session/profileStore';
import { SessionManager, type ManagerState } from './session/sessionManager';
import { registerInternalsForTests } from './testHooks';
import { ConnectionContextKeys } from './ui/contextKeys';
import { OutputLog } from './ui/output';
import { ExpiryWarning } from './ui/expiryWarning';
import { ConnectionStatusBar } from './ui/statusBar';
import { connectionDetails } from './ui/statusText';
import { explorerStatus, viewDescription, viewMessage } from './ui/viewText';

export type { QboCluster, QboExplorerApi } from './api';

export function activate(context: vscode.ExtensionContext): QboExplorerApi {
  const started = performance.now();
  const output = new OutputLog();
  const profiles = new ProfileStore(context);
  const manager = new SessionManager(profiles, output, readSettings);
  const model = new TreeModel(manager.inventory, vscode.l10n.t);
  const provider = new ClusterTreeProvider(model);
  const treeView = vscode.window.createTreeView('qbo.clusters', { treeDataProvider: provider, showCollapseAll: true, canSelectMany: true });
  const statusBar = new ConnectionStatusBar();
  const emulator = new EmulatorSupervisor(context.extensionPath, context.globalStorageUri.fsPath, output);
  const jsonProvider = new JsonDocumentProvider(manager.inventory);
  const editorKeys = new EditorContextKeys(manager.inventory);
  context.subscriptions.push(output, profiles, manager, model, provider, treeView, statusBar, jsonProvider, editorKeys, {
    dispose: () => emulator.stop(),
  });
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(JSON_SCHEME, jsonProvider),
    registerKubeconfigDocuments(),
  );

  const expiryWarning = new ExpiryWarning(context.globalState);
  const onState = (state: ManagerState): void => {
    statusBar.update(state, connectionDetails(manager.facts, manager.activeProfile?.credentials));
    expiryWarning.check(state);
    model.setStatus(explorerStatus(state, vscode.l10n.t));
    treeView.message = viewMessage(state, vscode.l10n.t);
    treeView.description = viewDescription(state, (origin) => profiles.cliSourceLabel(origin), vscode.l10n.t);
    output.secrets = state.kind === 'session' ? secretsOf(state.active.credentials) : [];
  };
  context.subscriptions.push(
    manager.onDidChangeState(onState),
    new ConnectionContextKeys(manager),
    manager.onDidChangeFacts(() => statusBar.update(manager.state, connectionDetails(manager.facts, manager.activeProfile?.credentials))),
  );

  const commandContext: CommandContext = { extension: context, manager, model, treeView, output, profiles, emulator };
  context.subscriptions.push(...registerCommands(ALL_COMMANDS, commandContext));

  // qbo under "Clouds" in the Kubernetes extension, when it is installed (no network until that view is shown).
  const cloudTree = new QboCloudTree(manager, manager.inventory);
  context.subscriptions.push(cloudTree);
  void registerQboCloud(cloudTree, (name) => kubeconfigOfCluster(commandContext, name));

  // The emulator profile is ephemeral: its process (and account) ended with the last window.
  if (profiles.profiles().some((profile) => profile.name === EMULATOR_PROFILE_NAME)) void profiles.signOut(EMULATOR_PROFILE_NAME);

  // Connect when the view is first shown, not before.
  if (treeView.visible) void manager.ensureStarted();
  context.subscriptions.push(
    treeView.onDidChangeVisibility((event) => {
      if (event.visible) void manager.ensureStarted();
    }),
  );

  const activationMs = performance.now() - started;
  // A milestone the first-rows benchmark reads back from the log (with the connection's own lines).
  output.info(`activated in ${activationMs.toFixed(1)} ms`);
  registerInternalsForTests(context, () => ({
    manager,
    model,
    provider,
    treeView,
    statusBar,
    emulator,
    activationMs,
    logUri: context.logUri,
    hasStoredCredentials: async (profile) => (await context.secrets.get(SECRET_PREFIX + profile)) !== undefined,
  }));
  return createPublicApi(manager.inventory);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
