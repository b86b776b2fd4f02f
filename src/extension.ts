// Wires the pieces together; the behaviour lives in src/qbo, src/session, src/explorer,
// src/commands and src/ui. Activation does no network I/O: the first connection is made when the
// Clusters view is first shown or a command needs it.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { ALL_COMMANDS } from './commands';
import { EMULATOR_PROFILE_NAME } from './commands/connectToEmulator';
import { registerKubeconfigDocuments } from './commands/kubeconfigDocument';
import { JSON_SCHEME, JsonDocumentProvider } from './commands/showJson';
import { readSettings } from './settings';
import type { CommandContext } from './commands/types';
import { ClusterTreeProvider } from './explorer/clusterTreeProvider';
import { EditorContextKeys } from './explorer/editorContext';
import { filterShown, isFiltering, parseFilter, withFilterDescription, withFilterMessage, type TreeFilter } from './explorer/filter';
import type { TreeElement } from './explorer/treeElements';
import { TreeModel, type ExplorerStatus } from './explorer/treeModel';
import { QboCloudTree, registerQboCloud } from './kube/cloudExplorer';
import { kubeconfigOfCluster } from './commands/support/kubeconfig';
import { expiryMillis, secretsOf } from './qbo/credentials';
import { EmulatorSupervisor } from './session/emulatorSupervisor';
import { ProfileStore, SECRET_PREFIX } from './session/profileStore';
import { SessionManager, type ManagerState } from './session/sessionManager';
import { OutputLog } from './ui/output';
import { ExpiryWarning } from './ui/expiryWarning';
import { versionSummary } from './ui/serverText';
import { ConnectionStatusBar } from './ui/statusBar';
import type { ConnectionDetails } from './ui/statusText';

/** What the extension exports: used by the integration tests and by other extensions. */
export interface QboExplorerApi {
  readonly manager: SessionManager;
  readonly model: TreeModel;
  readonly provider: ClusterTreeProvider;
  readonly treeView: vscode.TreeView<TreeElement>;
  readonly statusBar: ConnectionStatusBar;
  readonly emulator: EmulatorSupervisor;
  /** Milliseconds activate() took. */
  readonly activationMs: number;
  /** Folder of this extension's log files (the "qbo" output channel is written there). */
  readonly logUri: vscode.Uri;
  /** Whether SecretStorage itself holds credentials for a profile (yes or no, never the secret): for tests. */
  readonly hasStoredCredentials: (profile: string) => Promise<boolean>;
}

/** What the tree shows for a connection state. */
export function explorerStatus(state: ManagerState): ExplorerStatus {
  switch (state.kind) {
    case 'idle':
      return { kind: 'loading', message: vscode.l10n.t('Connecting…') };
    case 'signed-out':
    case 'invalid':
      return { kind: 'signed-out' };
    case 'session': {
      const status = state.status;
      const host = state.active.profile.host;
      switch (status.kind) {
        case 'connecting':
          return { kind: 'loading', message: vscode.l10n.t('Connecting to {0}…', host) };
        case 'loading':
          return { kind: 'loading', message: vscode.l10n.t('Loading clusters…') };
        case 'ready':
          return { kind: 'ready' };
        case 'reconnecting':
          return { kind: 'loading', message: vscode.l10n.t('Reconnecting in {0} s…', Math.max(1, Math.ceil(status.delayMs / 1000))) };
        case 'list-failed':
          return { kind: 'error', message: vscode.l10n.t('Could not list clusters: {0}', status.message) };
        case 'credentials-rejected':
          return { kind: 'signed-out' };
        case 'closed':
          return { kind: 'error', message: status.reason };
      }
    }
  }
}

/** The line above the tree: set while the shown state may be stale or the setup is broken. */
function viewMessage(state: ManagerState): string | undefined {
  if (state.kind === 'invalid') return vscode.l10n.t('The qbo CLI configuration is invalid: {0}', state.message);
  if (state.kind !== 'session') return undefined;
  const status = state.status;
  if (status.kind === 'reconnecting')
    return vscode.l10n.t(
      'Connection lost: reconnecting in {0} s. Showing the last known state.',
      Math.max(1, Math.ceil(status.delayMs / 1000)),
    );
  if (status.kind === 'credentials-rejected')
    return vscode.l10n.t('{0} rejected the credentials of "{1}".', state.active.profile.host, state.active.profile.name);
  return undefined;
}

/** Where the tree filter is remembered (workspaceState: each workspace keeps its own). */
const FILTER_STATE_KEY = 'qbo.treeFilter';
/** The tooltip's extras: connected clients, server version, credential expiry. */
function connectionDetails(manager: SessionManager): ConnectionDetails {
  const facts = manager.facts;
  const clients = facts?.clients?.length;
  const serverVersion = versionSummary(facts?.version);
  const expiresAt = manager.activeProfile ? expiryMillis(manager.activeProfile.credentials) : undefined;
  return {
    ...(clients !== undefined ? { clients } : {}),
    ...(serverVersion !== undefined ? { serverVersion } : {}),
    ...(expiresAt !== undefined ? { expiresAt } : {}),
  };
}

export function activate(context: vscode.ExtensionContext): QboExplorerApi {
  const started = performance.now();
  // Pure modules (tree rows, status text) translate through @vscode/l10n: give it VS Code's bundle
  // for the display language before anything is rendered (none for English: messages as written).
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
  const output = new OutputLog();
  const profiles = new ProfileStore(context);
  const manager = new SessionManager(profiles, output, readSettings);
  const model = new TreeModel(manager.inventory);
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

  // The view's description: which profile the tree shows (and where credentials not stored by us
  // come from), then the filter while one is on. The filter is repeated in the message above the
  // tree: when the Clusters view is alone in its container, VS Code hides the description.
  let profileDescription: string | undefined;
  let connectionMessage: string | undefined;
  let signedIn = false;
  const updateDescription = (): void => {
    const shown = filterShown(signedIn, model.filter);
    treeView.description = withFilterDescription(profileDescription, shown);
    treeView.message = withFilterMessage(connectionMessage, shown);
  };
  const onFilter = (filter: TreeFilter): void => {
    void context.workspaceState.update(FILTER_STATE_KEY, isFiltering(filter) ? filter : undefined);
    void vscode.commands.executeCommand('setContext', 'qbo.filtered', isFiltering(filter));
    updateDescription();
  };
  model.setFilter(parseFilter(context.workspaceState.get(FILTER_STATE_KEY)));
  onFilter(model.filter);
  context.subscriptions.push(model.onDidChangeFilter(onFilter));

  const expiryWarning = new ExpiryWarning(context.globalState);
  const onState = (state: ManagerState): void => {
    statusBar.update(state, connectionDetails(manager));
    expiryWarning.check(state);
    model.setStatus(explorerStatus(state));
    connectionMessage = viewMessage(state);
    signedIn = state.kind === 'session';
    profileDescription =
      state.kind !== 'session'
        ? undefined
        : state.active.origin === 'secret-storage'
          ? state.active.profile.name
          : vscode.l10n.t({
              message: '{0} (from {1})',
              args: [state.active.profile.name, profiles.cliSourceLabel(state.active.origin)],
              comment: ['{0} is a profile name, {1} where its credentials come from, e.g. ~/.qbo/cli.json'],
            });
    updateDescription();
    output.secrets = state.kind === 'session' ? secretsOf(state.active.credentials) : [];
    void vscode.commands.executeCommand('setContext', 'qbo.signedIn', state.kind === 'session');
  };
  context.subscriptions.push(
    manager.onDidChangeState(onState),
    manager.onDidChangeFacts(() => statusBar.update(manager.state, connectionDetails(manager))),
  );
  let hadClusters: boolean | undefined;
  context.subscriptions.push(
    manager.inventory.onDidChange(() => {
      const hasClusters = manager.inventory.size('clusters') > 0;
      if (hasClusters !== hadClusters) void vscode.commands.executeCommand('setContext', 'qbo.hasClusters', hasClusters);
      hadClusters = hasClusters;
    }),
  );

  const commandContext: CommandContext = { extension: context, manager, model, treeView, output, profiles, emulator };
  for (const command of ALL_COMMANDS) {
    context.subscriptions.push(vscode.commands.registerCommand(command.id, (...args: unknown[]) => command.run(commandContext, ...args)));
  }

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

  const hasStoredCredentials = async (profile: string): Promise<boolean> =>
    (await context.secrets.get(SECRET_PREFIX + profile)) !== undefined;
  return {
    manager,
    model,
    provider,
    treeView,
    statusBar,
    emulator,
    activationMs: performance.now() - started,
    logUri: context.logUri,
    hasStoredCredentials,
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
