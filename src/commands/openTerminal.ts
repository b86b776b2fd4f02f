// Open Terminal: a terminal whose KUBECONFIG points at the cluster's checked kubeconfig, so kubectl
// just works. The file is the terminal's own (a fresh private folder, never shared by two
// clusters or terminals) and goes when the terminal closes, at sign-out and on deactivation.
import * as vscode from 'vscode';
import { createTemporaryKubeconfig } from '../kube/kubeconfigFiles';
import { fetchKubeconfig, sessionAndCluster, temporaries } from './support/kubeconfig';
import type { QboCommand } from './types';

export const openTerminal: QboCommand = {
  id: 'qbo.openTerminal',
  async run(context, ...args) {
    const { session, cluster } = await sessionAndCluster(context, args, vscode.l10n.t('Open Terminal'));
    const kubeconfig = await fetchKubeconfig(session, cluster);
    const { dir, file } = await createTemporaryKubeconfig(kubeconfig, 'qbo-terminal-');
    const terminal = vscode.window.createTerminal({
      name: vscode.l10n.t('qbo: {0}', cluster.name ?? cluster.key),
      env: { KUBECONFIG: file },
      iconPath: new vscode.ThemeIcon('server-environment'),
      // Not revived after a reload: its kubeconfig is removed with this window's extension host.
      isTransient: true,
    });
    temporaries(context).add(terminal, dir, session.profile.name);
    terminal.show();
    return { terminal, kubeconfig: file };
  },
};
