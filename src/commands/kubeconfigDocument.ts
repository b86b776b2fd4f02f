// Kubeconfigs shown by Get Kubeconfig: read-only virtual documents (`qbo-kubeconfig:`), so no
// untitled editor is dirty, no hot-exit backup copies the cluster-admin key to disk, and closing
// asks nothing. What is held is the checked kubeconfig (kubeconfigPolicy.ts) and its serialised
// text, only in this process's memory, dropped when VS Code closes the document; it reaches a
// file only through Save Kubeconfig As… or Merge Kubeconfig….
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { saveKubeconfig, suggestedKubeconfigFileName } from '../kube/kubeconfigFiles';
import type { AllowedKubeconfig } from '../kube/kubeconfigPolicy';
import { orCancel } from './support/boundary';
import { hostSingleton } from './support/hostSingleton';
import { MemoryDocuments } from './support/memoryDocuments';
import type { QboCommand } from './types';

export const KUBECONFIG_SCHEME = 'qbo-kubeconfig';

export interface HeldKubeconfig {
  /** The connected profile the cluster belongs to. */
  profile: string;
  /** The cluster's name (or its key when it has none), for titles and file names. */
  cluster: string;
  /** Checked when it was fetched; its `text` is what the document shows. */
  kubeconfig: AllowedKubeconfig;
}

/** Serves the kubeconfigs held in memory, keyed by document URI. */
export class KubeconfigDocuments extends MemoryDocuments<HeldKubeconfig> {
  constructor() {
    super(KUBECONFIG_SCHEME);
  }

  /** Holds a profile's cluster's kubeconfig and opens it read-only as YAML. */
  async show(kubeconfig: AllowedKubeconfig, profile: string): Promise<vscode.TextDocument> {
    const cluster = kubeconfig.cluster;
    const uri = kubeconfigUri(profile, cluster);
    this.keep(uri, { profile, cluster, kubeconfig });
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(document, 'yaml');
    await vscode.window.showTextDocument(document, { preview: false });
    return document;
  }

  /** The kubeconfig behind a `qbo-kubeconfig:` URI, if it is still held. */
  lookup(value: unknown): HeldKubeconfig | undefined {
    return this.find(value);
  }

  protected textOf(held: HeldKubeconfig | undefined): string {
    return held?.kubeconfig.text ?? `# ${vscode.l10n.t('This kubeconfig is no longer in memory: run Get Kubeconfig again.')}\n`;
  }
}

/** `qbo-kubeconfig:/PROFILE/CLUSTER.kubeconfig.yaml`: one document per profile and cluster (`dev` may be in two accounts). */
export function kubeconfigUri(profile: string, cluster: string): vscode.Uri {
  const file = `${cluster.replace(/[^A-Za-z0-9._-]/g, '_')}.kubeconfig.yaml`;
  return vscode.Uri.from({ scheme: KUBECONFIG_SCHEME, path: `/${encodeURIComponent(profile)}/${file}` });
}

/** The one instance of this extension host, made by activate(). */
const documents = hostSingleton(() => new KubeconfigDocuments());
export const registerKubeconfigDocuments = (): vscode.Disposable => documents.register();
export const kubeconfigDocuments = (): KubeconfigDocuments => documents.get();

/** The held kubeconfig a command was invoked on: its argument (the editor title passes the URI), else the active editor's. */
export function heldKubeconfigFor(arg: unknown): HeldKubeconfig | undefined {
  return kubeconfigDocuments().lookup(arg) ?? kubeconfigDocuments().lookup(vscode.window.activeTextEditor?.document.uri);
}

export const saveKubeconfigAs: QboCommand = {
  id: 'qbo.saveKubeconfigAs',
  async run(context, ...args) {
    const held = heldKubeconfigFor(args[0]);
    if (!held) throw new Error(vscode.l10n.t('No kubeconfig is open: run Get Kubeconfig first.'));
    const given = typeof args[1] === 'object' && args[1] !== null ? (args[1] as { file?: unknown }).file : undefined;
    let file = typeof given === 'string' ? given : undefined;
    if (!file) {
      const defaultUri = vscode.Uri.file(path.join(os.homedir(), '.kube', suggestedKubeconfigFileName(held.cluster)));
      file = orCancel(await vscode.window.showSaveDialog({ defaultUri, filters: { YAML: ['yaml', 'yml', 'conf'] } })).fsPath;
    }
    await saveKubeconfig(file, held.kubeconfig);
    context.output.info(`saved the kubeconfig of ${held.cluster} to ${file}`);
    return file;
  },
};
