// Merge Kubeconfig: add a cluster's checked kubeconfig to ~/.kube/config (or a chosen file), after
// a backup, renaming entries whose names are taken, never pairing them with the file's own
// (src/kube/mergeKubeconfig.ts, kubeconfigFiles.ts); then refresh the Kubernetes extension.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { mergeIntoFile } from '../kube/kubeconfigFiles';
import { accountSuffix } from '../kube/mergeKubeconfig';
import { kubernetesKubeconfigPath, refreshKubernetesExplorer } from '../kube/kubernetesExtension';
import { kubeconfigDocuments } from './kubeconfigDocument';
import { fetchKubeconfig, sessionAndCluster } from './support/kubeconfig';
import { orCancel } from './support/boundary';
import type { QboCommand } from './types';
import { showInformation } from '../ui/notifications';

export interface MergeOptions {
  file?: string;
  setCurrent?: boolean;
}

export function defaultKubeconfigPath(): string {
  const fromEnv = process.env.KUBECONFIG?.split(path.delimiter).find((entry) => entry.trim() !== '');
  return fromEnv ?? path.join(os.homedir(), '.kube', 'config');
}

/** The kubeconfig the Kubernetes extension uses when it is installed and says, else $KUBECONFIG or ~/.kube/config. */
export async function mergeTarget(): Promise<string> {
  return (await kubernetesKubeconfigPath()) ?? defaultKubeconfigPath();
}

async function askOptions(): Promise<MergeOptions> {
  const file = await mergeTarget();
  const shown = file.replace(os.homedir(), '~');
  const items = [
    { label: vscode.l10n.t('Merge into {0}', shown), options: { file, setCurrent: false } },
    { label: vscode.l10n.t('Merge into {0} and switch to it', shown), options: { file, setCurrent: true } },
    { label: vscode.l10n.t('Merge into another file…'), options: undefined },
  ];
  const picked = orCancel(await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Merge Kubeconfig') }));
  if (picked.options) return picked.options;
  const chosen = orCancel(await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.file(file), saveLabel: vscode.l10n.t('Merge') }));
  return { file: chosen.fsPath, setCurrent: false };
}

export const mergeKubeconfig: QboCommand = {
  id: 'qbo.mergeKubeconfig',
  async run(context, ...args) {
    // From the editor title of a kubeconfig Get Kubeconfig opened: merge that text, no new fetch.
    const held = kubeconfigDocuments().lookup(args[0]);
    const picked = held ? undefined : await sessionAndCluster(context, [args[0]], vscode.l10n.t('Merge Kubeconfig'));
    const clusterName = held?.cluster ?? (picked ? (picked.cluster.name ?? picked.cluster.key) : '');
    const given = typeof args[1] === 'object' && args[1] !== null ? (args[1] as MergeOptions) : undefined;
    const options = given ?? (await askOptions());
    const file = options.file ?? (await mergeTarget());
    const kubeconfig = held?.kubeconfig ?? (picked ? await fetchKubeconfig(picked.session, picked.cluster) : undefined);
    if (kubeconfig === undefined) throw new Error('no kubeconfig to merge'); // unreachable: held or picked is set
    const account = held?.profile ?? picked?.profile.name;
    const result = await mergeIntoFile(file, kubeconfig, {
      setCurrent: options.setCurrent === true,
      ...(account !== undefined ? { account: accountSuffix(account) } : {}),
    });
    const backup = result.backup;
    const renamed = Object.entries(result.renamed).map(([from, to]) => `${from} → ${to}`);
    context.output.info(
      `merged the kubeconfig of ${clusterName} into ${file}${backup ? ` (backup ${backup})` : ''}${renamed.length ? `; renamed ${renamed.join(', ')}` : ''}`,
    );
    const refreshed = await refreshKubernetesExplorer();
    void showInformation(
      result.changed
        ? vscode.l10n.t('Merged {0} into {1} as context {2}.', clusterName, file.replace(os.homedir(), '~'), result.contexts.join(', '))
        : vscode.l10n.t('{0} already holds the kubeconfig of {1}.', file.replace(os.homedir(), '~'), clusterName),
    );
    return {
      file,
      backup,
      contexts: result.contexts,
      renamed: result.renamed,
      changed: result.changed,
      kubernetesExtensionRefreshed: refreshed,
    };
  },
};
