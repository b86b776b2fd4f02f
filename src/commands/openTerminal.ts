// Open Terminal: a terminal whose KUBECONFIG points at the cluster's kubeconfig, so kubectl just works.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { fetchKubeconfig, writePrivateFile } from './getKubeconfig';
import { requireSession } from './support/session';
import { resolveTargets } from './support/targets';
import type { QboCommand } from './types';

export const openTerminal: QboCommand = {
  id: 'qbo.openTerminal',
  async run(context, ...args) {
    const session = await requireSession(context);
    if (!session) return undefined;
    const targets = await resolveTargets(context, 'clusters', undefined, args, vscode.l10n.t('Open Terminal'), false);
    const cluster = targets?.[0];
    if (!cluster) return undefined;
    const kubeconfig = await fetchKubeconfig(context, session, cluster);
    if (!kubeconfig) return undefined;
    const name = (cluster.name ?? cluster.key).replace(/[^A-Za-z0-9._-]/g, '_');
    const file = path.join(context.extension.globalStorageUri.fsPath, 'kubeconfigs', `${name}.yaml`);
    await writePrivateFile(file, kubeconfig);
    const terminal = vscode.window.createTerminal({ name: vscode.l10n.t('qbo: {0}', cluster.name ?? cluster.key), env: { KUBECONFIG: file }, iconPath: new vscode.ThemeIcon('server-environment') });
    terminal.show();
    return { terminal, kubeconfig: file };
  },
};
