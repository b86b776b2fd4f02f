// Every command of the extension, one file per verb.
import { addCluster } from './addCluster';
import { addNodes } from './addNodes';
import { clearActivity } from './clearActivity';
import { clearFilter } from './clearFilter';
import { connectProfile } from './connectProfile';
import { connectToEmulator } from './connectToEmulator';
import { copyAddress, copyId, copyName } from './copy';
import { createServiceAccount } from './createServiceAccount';
import { deleteAllClusters } from './deleteAllClusters';
import { deleteCluster } from './deleteCluster';
import { deleteNode } from './deleteNode';
import { deleteSelection } from './deleteSelection';
import { disconnectProfile } from './disconnectProfile';
import { filter } from './filter';
import { filterActivity } from './filterActivity';
import { getKubeconfig } from './getKubeconfig';
import { saveKubeconfigAs } from './kubeconfigDocument';
import { mergeKubeconfig } from './mergeKubeconfig';
import { openWebConsole } from './openWebConsole';
import { openTerminal } from './openTerminal';
import { refresh } from './refresh';
import { revealActivity } from './revealActivity';
import { revealInExplorer } from './revealInExplorer';
import { showCliConfiguration } from './showCliConfiguration';
import { showConnectedClients } from './showConnectedClients';
import { showJson } from './showJson';
import { showOutput } from './showOutput';
import { showProfileActions } from './showProfileActions';
import { signIn } from './signIn';
import { signInWithFile } from './signInWithFile';
import { signInWithJson } from './signInWithJson';
import { signInWithThisFile } from './signInWithThisFile';
import { signInWithToken } from './signInWithToken';
import { signOut } from './signOut';
import { startAllClusters } from './startAllClusters';
import { startCluster } from './startCluster';
import { startNode } from './startNode';
import { stopAllClusters } from './stopAllClusters';
import { stopCluster } from './stopCluster';
import { stopNode } from './stopNode';
import { switchProfile } from './switchProfile';
import { copyServiceUrl } from './copyServiceUrl';
import { describeNode } from './describeNode';
import { describePod } from './describePod';
import { openNodeShell } from './openNodeShell';
import { openPodShell } from './openPodShell';
import { openServiceInBrowser } from './openServiceInBrowser';
import { portForwardService } from './portForwardService';
import { viewPodLogs } from './viewPodLogs';
import { applyManifest } from './applyManifest';
import { diffManifest } from './diffManifest';
import { deleteManifest } from './deleteManifest';
import { stopForward } from './stopForward';
import { openForwardInBrowser } from './openForwardInBrowser';
import { copyForwardUrl } from './copyForwardUrl';
import { showForwards } from './showForwards';
import type { QboCommand } from './types';

export const ALL_COMMANDS: readonly QboCommand[] = [
  refresh,
  signIn,
  signInWithFile,
  signInWithJson,
  signInWithToken,
  connectToEmulator,
  signInWithThisFile,
  signOut,
  switchProfile,
  connectProfile,
  disconnectProfile,
  showProfileActions,
  showConnectedClients,
  createServiceAccount,
  showCliConfiguration,
  showOutput,
  startCluster,
  stopCluster,
  deleteCluster,
  startNode,
  stopNode,
  deleteNode,
  startAllClusters,
  stopAllClusters,
  deleteAllClusters,
  addCluster,
  addNodes,
  getKubeconfig,
  mergeKubeconfig,
  saveKubeconfigAs,
  openTerminal,
  copyName,
  copyId,
  copyAddress,
  showJson,
  revealInExplorer,
  viewPodLogs,
  openPodShell,
  describePod,
  describeNode,
  openNodeShell,
  openServiceInBrowser,
  copyServiceUrl,
  portForwardService,
  stopForward,
  openForwardInBrowser,
  copyForwardUrl,
  showForwards,
  applyManifest,
  diffManifest,
  deleteManifest,
  filter,
  clearFilter,
  openWebConsole,
  deleteSelection,
  filterActivity,
  clearActivity,
  revealActivity,
];
