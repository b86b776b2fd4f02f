// Get Kubeconfig: `get cluster NAME -k`, shown as a read-only YAML document held in memory only
// (see kubeconfigDocument.ts); its editor title offers Save Kubeconfig As… and Merge Kubeconfig….
import * as vscode from 'vscode';
import { kubeconfigDocuments } from './kubeconfigDocument';
import { fetchKubeconfig, sessionAndCluster } from './support/kubeconfig';
import type { QboCommand } from './types';

export const getKubeconfig: QboCommand = {
  id: 'qbo.getKubeconfig',
  async run(context, ...args) {
    const { profile, session, cluster } = await sessionAndCluster(context, args, vscode.l10n.t('Get Kubeconfig'));
    return kubeconfigDocuments().show(await fetchKubeconfig(session, cluster), profile.name);
  },
};
