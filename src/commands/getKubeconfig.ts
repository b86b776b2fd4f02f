// Get Kubeconfig: `get cluster NAME -k`, opened as a YAML document, with an offer to save it.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { kubeconfigCommand } from '../qbo/commands';
import type { QboSession } from '../session/session';
import { commandName, type MachineTarget } from './commandLines';
import { reportFailure, runWithProgress } from './support/run';
import { requireSession } from './support/session';
import { resolveTargets } from './support/targets';
import type { CommandContext, QboCommand } from './types';

/** Fetches a cluster's kubeconfig text; undefined (after telling the user) on failure. */
export async function fetchKubeconfig(context: CommandContext, session: QboSession, cluster: MachineTarget): Promise<string | undefined> {
  let line;
  try {
    line = kubeconfigCommand(commandName(cluster));
  } catch (error) {
    reportFailure(context, error);
    return undefined;
  }
  const result = await runWithProgress(context, session, vscode.l10n.t('Getting the kubeconfig of {0}', cluster.name ?? cluster.key), line);
  if (!result) return undefined;
  const kubeconfig = result.outputItems.find((item) => typeof item.kubeconfig === 'string')?.kubeconfig;
  if (!kubeconfig) {
    reportFailure(context, new Error(vscode.l10n.t('qbo returned no kubeconfig for {0}', cluster.name ?? cluster.key)));
    return undefined;
  }
  return kubeconfig;
}

/** Writes a kubeconfig readable only by the user (it holds cluster credentials). */
export async function writePrivateFile(file: string, text: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, text, { mode: 0o600 });
  await fs.chmod(file, 0o600);
}

export const getKubeconfig: QboCommand = {
  id: 'qbo.getKubeconfig',
  async run(context, ...args) {
    const session = await requireSession(context);
    if (!session) return undefined;
    const targets = await resolveTargets(context, 'clusters', undefined, args, vscode.l10n.t('Get Kubeconfig'), false);
    const cluster = targets?.[0];
    if (!cluster) return undefined;
    const kubeconfig = await fetchKubeconfig(context, session, cluster);
    if (!kubeconfig) return undefined;
    const document = await vscode.workspace.openTextDocument({ content: kubeconfig, language: 'yaml' });
    await vscode.window.showTextDocument(document, { preview: false });
    const save = vscode.l10n.t('Save to File…');
    void vscode.window.showInformationMessage(vscode.l10n.t('Kubeconfig of {0} opened.', cluster.name ?? cluster.key), save).then(async (choice) => {
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
