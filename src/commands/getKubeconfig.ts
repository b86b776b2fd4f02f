// Get Kubeconfig: `get cluster NAME -k`, opened as a YAML document, with an offer to save it.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { fetchKubeconfig, sessionAndCluster, writePrivateFile } from './support/kubeconfig';
import { reportFailure } from './support/run';
import type { QboCommand } from './types';

export const getKubeconfig: QboCommand = {
  id: 'qbo.getKubeconfig',
  async run(context, ...args) {
    const picked = await sessionAndCluster(context, args, vscode.l10n.t('Get Kubeconfig'));
    if (!picked) return undefined;
    const { session, cluster } = picked;
    const kubeconfig = await fetchKubeconfig(context, session, cluster);
    if (!kubeconfig) return undefined;
    const document = await vscode.workspace.openTextDocument({ content: kubeconfig, language: 'yaml' });
    await vscode.window.showTextDocument(document, { preview: false });
    const save = vscode.l10n.t('Save to File…');
    void vscode.window
      .showInformationMessage(vscode.l10n.t('Kubeconfig of {0} opened.', cluster.name ?? cluster.key), save)
      .then(async (choice) => {
        if (choice !== save) return;
        const defaultUri = vscode.Uri.file(path.join(os.homedir(), '.kube', `qbo-${cluster.name ?? cluster.key}.yaml`));
        const target = await vscode.window.showSaveDialog({ defaultUri, filters: { YAML: ['yaml', 'yml', 'conf'] } });
        if (!target) return;
        try {
          await writePrivateFile(target.fsPath, kubeconfig);
          context.output.info(`saved the kubeconfig of ${cluster.name ?? cluster.key} to ${target.fsPath}`);
        } catch (error) {
          reportFailure(context, error);
        }
      });
    return document;
  },
};
