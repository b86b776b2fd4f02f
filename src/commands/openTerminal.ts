// Open Terminal: a terminal whose KUBECONFIG points at the cluster's kubeconfig, so kubectl just works.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { fetchKubeconfig, sessionAndCluster, writePrivateFile } from './support/kubeconfig';
import type { QboCommand } from './types';

export const openTerminal: QboCommand = {
  id: 'qbo.openTerminal',
  async run(context, ...args) {
    const { session, cluster } = await sessionAndCluster(context, args, vscode.l10n.t('Open Terminal'));
    const kubeconfig = await fetchKubeconfig(session, cluster);
    const name = (cluster.name ?? cluster.key).replace(/[^A-Za-z0-9._-]/g, '_');
    const file = path.join(context.extension.globalStorageUri.fsPath, 'kubeconfigs', `${name}.yaml`);
    await writePrivateFile(file, kubeconfig);
    const terminal = vscode.window.createTerminal({
      name: vscode.l10n.t('qbo: {0}', cluster.name ?? cluster.key),
      env: { KUBECONFIG: file },
      iconPath: new vscode.ThemeIcon('server-environment'),
    });
    terminal.show();
    return { terminal, kubeconfig: file };
  },
};
