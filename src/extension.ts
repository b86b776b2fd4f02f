// Wires the pieces together; the behaviour lives in src/qbo, src/session, src/explorer,
// src/commands and src/ui. Activation does no network I/O: the first connection is made when the
// Clusters view is first shown or a command needs it.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { filterShown, isFiltering, parseFilter, withFilterDescription, withFilterMessage, type TreeFilter } from './explorer/filter';
import { createPublicApi, type QboExplorerApi } from './api';
import { ActivityView } from './activity/activityView';
import { ALL_COMMANDS } from './commands';
import { EMULATOR_PROFILE_NAME } from './commands/connectToEmulator';
import { registerKubeconfigDocuments } from './commands/kubeconfigDocument';
import { registerLiveDocuments } from './commands/support/liveDocuments';
import { ForwardList } from './forwards/forwardList';
import { PortForwards } from './forwards/portForwards';
import { ForwardStatusBar } from './ui/forwardStatusBar';
import { registerCommands } from './commands/register';
import { JSON_SCHEME, JsonDocumentProvider } from './commands/showJson';
import { readSettings, reportSettingProblemsTo, taskTimeoutMs } from './settings';
import type { CommandContext } from './commands/types';
import { ClusterTreeProvider } from './explorer/clusterTreeProvider';
import { EditorContextKeys } from './explorer/editorContext';
import { TreeModel, type TreeProfile } from './explorer/treeModel';
import { QboCloudTree, registerQboCloud } from './kube/cloudExplorer';
import { fetchKubeconfig, kubeconfigOfCluster } from './commands/support/kubeconfig';
import { credentialsExpired, secretsOf } from './qbo/credentials';
import { EmulatorSupervisor } from './session/emulatorSupervisor';
import { ProfileStore, SECRET_PREFIX, type ProfileOrigin } from './session/profileStore';
import { SessionManager, singleState, type ManagerState } from './session/sessionManager';
import { waitForClusterState } from './tasks/clusterWaits';
import { registerQboTasks } from './tasks/taskProvider';
import { registerInternalsForTests } from './testHooks';
import { ConnectionContextKeys } from './ui/contextKeys';
import { OutputLog } from './ui/output';
import { ExpiryWarning } from './ui/expiryWarning';
import { ConnectionStatusBar } from './ui/statusBar';
import { connectionDetails, type ConnectionDetails } from './ui/statusText';
import { versionSummary } from './ui/serverText';
import { explorerStatus, messageChanges, profileRow, viewDescription, viewMessage } from './ui/viewText';
import { showWarning } from './ui/notifications';

export type { QboCluster, QboExplorerApi } from './api';

/** Where the tree filter is remembered (workspaceState: each workspace keeps its own). */
const FILTER_STATE_KEY = 'qbo.treeFilter';

export function activate(context: vscode.ExtensionContext): QboExplorerApi {
  const started = performance.now();
  // Pure modules (tree rows, status and view text) translate through @vscode/l10n: give it VS Code's
  // bundle for the display language before anything is rendered (none for English).
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
  const output = new OutputLog();
  reportSettingProblemsTo((message) => output.warn(message));
  const profiles = new ProfileStore(context);
  const manager = new SessionManager({ source: profiles, logger: output, settings: readSettings });
  // The rows start as the starting state shows them ("Connecting…"), so the first refresh VS Code
  // sees is the cluster rows: it then draws them at once instead of holding them 200 ms.
  // Port forwards: kubectl processes the extension owns, shown under their services and counted in the status bar.
  const forwardList = new ForwardList();
  const forwards = new PortForwards(forwardList, output);
  // Before any session starts, so the Activity view sees everything; its notes mark the clusters
  // another client acted on in the Clusters view.
  const activityView = new ActivityView(context, manager);
  const model = new TreeModel(explorerStatus({ kind: 'idle' }), { notes: activityView.activity.notes, forwards: forwardList });
  const provider = new ClusterTreeProvider(model);
  const treeView = vscode.window.createTreeView('qbo.clusters', { treeDataProvider: provider, showCollapseAll: true, canSelectMany: true });
  const statusBar = new ConnectionStatusBar();
  const forwardStatusBar = new ForwardStatusBar(forwardList);
  const emulator = new EmulatorSupervisor(context.extensionPath, context.globalStorageUri.fsPath, output);
  const jsonProvider = new JsonDocumentProvider(manager);
  const editorKeys = new EditorContextKeys(manager);
  context.subscriptions.push(output, profiles, manager, activityView, model, provider, treeView, statusBar, jsonProvider, editorKeys, {
    dispose: () => emulator.stop(),
  });
  // Deactivation stops every kubectl port-forward and removes its kubeconfig (a child process would outlive the host).
  context.subscriptions.push(forwards, forwardStatusBar, forwardList);
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(JSON_SCHEME, jsonProvider),
    registerKubeconfigDocuments(),
    registerLiveDocuments(),
  );

  // The view's description and the message above the tree: the connection's, then the filter while
  // one is on (the message repeats it: VS Code hides the description of a view alone in its container).
  let profileDescription: string | undefined;
  let connectionMessage: string | undefined;
  let signedIn = false;
  const updateDescription = (): void => {
    const shown = filterShown(signedIn, model.filter);
    // Assigned only when changed: VS Code turns every assignment of `message` into a tree refresh,
    // and holds the next refresh (the first cluster rows, say) for 200 ms behind it.
    const description = withFilterDescription(profileDescription, shown);
    const message = withFilterMessage(connectionMessage, shown);
    if (treeView.description !== description) treeView.description = description;
    if (messageChanges(treeView.message, message)) treeView.message = message;
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
  const sourceLabel = (origin: Exclude<ProfileOrigin, 'secret-storage'>): string => profiles.cliSourceLabel(origin);
  const detailsOf = (name: string): ConnectionDetails | undefined => {
    const profile = manager.profile(name);
    return profile ? connectionDetails(profile.facts, profile.active.credentials) : undefined;
  };
  /** The tree's view of each connected profile: its inventory, what its rows say, its own row. */
  const treeProfiles = (state: ManagerState): TreeProfile[] =>
    (state.kind === 'ready' ? state.profiles : []).map((profile) => {
      const connected = manager.profile(profile.name);
      return {
        name: profile.name,
        inventory: connected?.inventory,
        status: explorerStatus(profile),
        row: profileRow(profile, versionSummary(connected?.facts.version), sourceLabel),
      };
    });
  const onState = (state: ManagerState): void => {
    statusBar.update(state, detailsOf);
    const single = singleState(state);
    const states = state.kind === 'ready' ? state.profiles : [];
    for (const profile of single ? [single] : states) expiryWarning.check(profile);
    model.setStatus(single ? explorerStatus(single) : { kind: 'ready' });
    model.setProfiles(treeProfiles(state));
    connectionMessage = viewMessage(single);
    profileDescription = viewDescription(single, sourceLabel, states.length);
    signedIn = states.some((profile) => profile.kind === 'session');
    updateDescription();
    // Every connected profile's secrets are redacted from the log, whichever profile a line is about.
    output.secrets = states.flatMap((profile) => (profile.kind === 'session' ? secretsOf(profile.active.credentials) : []));
  };
  context.subscriptions.push(
    manager.onDidChangeState(onState),
    new ConnectionContextKeys(manager),
    // A forward's credentials came from its profile: signed out, disconnected or switched away, it stops.
    manager.onDidChangeProfiles(() => void forwards.stopUnless((profile) => manager.profile(profile) !== undefined)),
    manager.onDidChangeFacts(() => {
      statusBar.update(manager.state, detailsOf);
      model.setProfiles(treeProfiles(manager.state));
    }),
    manager.onDidStartSession((profile) => {
      if (!credentialsExpired(profile.active.credentials)) return;
      output.warn(`the credentials of profile "${profile.name}" may have expired (cli.exp is in the past)`);
      void showWarning(
        vscode.l10n.t('The qbo credentials of "{0}" may have expired. Sign in again if the connection is refused.', profile.name),
      );
    }),
  );

  const commandContext: CommandContext = {
    extension: context,
    manager,
    model,
    treeView,
    output,
    profiles,
    emulator,
    activity: activityView.activity,
    forwards,
  };
  context.subscriptions.push(...registerCommands(ALL_COMMANDS, commandContext));

  // qbo under "Clouds" in the Kubernetes extension, when it is installed (no network until that view is shown).
  const cloudTree = new QboCloudTree(manager);
  context.subscriptions.push(cloudTree);
  void registerQboCloud(cloudTree, (profile, key) => kubeconfigOfCluster(commandContext, profile, key));

  // The `qbo` task type (tasks.json, Tasks: Run Task, preLaunchTask).
  context.subscriptions.push(
    registerQboTasks({ manager, output, fetchKubeconfig: (profile, cluster) => fetchKubeconfig(profile.session, cluster) }),
  );

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
    forwardStatusBar,
    emulator,
    activity: activityView.activity,
    activityProvider: activityView.provider,
    activityView: activityView.treeView,
    activationMs,
    logUri: context.logUri,
    hasStoredCredentials: async (profile) => (await context.secrets.get(SECRET_PREFIX + profile)) !== undefined,
  }));
  return createPublicApi(manager, {
    defaultTimeoutMs: taskTimeoutMs,
    wait: (name, state, options) => waitForClusterState(manager, name, state, options),
  });
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
