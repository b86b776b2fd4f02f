// The left side of Diff with Cluster: the live objects as read-only virtual documents
// (`qbo-live:/PROFILE/CLUSTER/FILE`), held in this process's memory only and dropped when VS Code
// closes them, like the kubeconfig documents: nothing of the cluster reaches a file.
import * as vscode from 'vscode';
import type { ManifestFormat } from '../../manifests/manifest';
import { hostSingleton } from './hostSingleton';

export const LIVE_SCHEME = 'qbo-live';

export class LiveDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly held = new Map<string, string>();
  private readonly changeEmitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changeEmitter.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    this.disposables.push(
      this.changeEmitter,
      vscode.workspace.registerTextDocumentContentProvider(LIVE_SCHEME, this),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document.uri.scheme === LIVE_SCHEME) this.held.delete(document.uri.toString());
      }),
    );
  }

  /** Holds the live text of a manifest's objects in a cluster; the URI's extension gives its language. */
  hold(profile: string, cluster: string, fileName: string, format: ManifestFormat, text: string): vscode.Uri {
    const plain = (value: string) => value.replace(/[^A-Za-z0-9._-]/g, '_');
    const extension = format === 'json' ? '.json' : '.yaml';
    const file = plain(fileName).replace(/\.(ya?ml|json)$/i, '') + extension;
    const uri = vscode.Uri.from({ scheme: LIVE_SCHEME, path: `/${encodeURIComponent(profile)}/${plain(cluster)}/${file}` });
    const replaced = this.held.has(uri.toString());
    this.held.set(uri.toString(), text);
    if (replaced) this.changeEmitter.fire(uri);
    return uri;
  }

  /** How many live documents are held (what closing them must bring back to 0). */
  get size(): number {
    return this.held.size;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return (
      this.held.get(uri.toString()) ?? `# ${vscode.l10n.t('These live objects are no longer in memory: run Diff with Cluster again.')}\n`
    );
  }

  dispose(): void {
    this.held.clear();
    for (const disposable of this.disposables) disposable.dispose();
  }
}

const live = hostSingleton(() => new LiveDocuments());

/** Made by activate(), disposed with the extension. */
export const registerLiveDocuments = (): vscode.Disposable => live.register();
export const liveDocuments = (): LiveDocuments => live.get();
