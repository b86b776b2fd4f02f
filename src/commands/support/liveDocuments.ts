// The left side of Diff with Cluster: the live objects as read-only virtual documents
// (`qbo-live:/PROFILE/CLUSTER/FILE`), held in this process's memory only and dropped when VS Code
// closes them, like the kubeconfig documents: nothing of the cluster reaches a file.
import * as vscode from 'vscode';
import type { ManifestFormat } from '../../manifests/manifest';
import { hostSingleton } from './hostSingleton';
import { MemoryDocuments } from './memoryDocuments';

export const LIVE_SCHEME = 'qbo-live';

export class LiveDocuments extends MemoryDocuments<string> {
  constructor() {
    super(LIVE_SCHEME);
  }

  /** Holds the live text of a manifest's objects in a cluster; the URI's extension gives its language. */
  hold(profile: string, cluster: string, fileName: string, format: ManifestFormat, text: string): vscode.Uri {
    const plain = (value: string) => value.replace(/[^A-Za-z0-9._-]/g, '_');
    const extension = format === 'json' ? '.json' : '.yaml';
    const file = plain(fileName).replace(/\.(ya?ml|json)$/i, '') + extension;
    const uri = vscode.Uri.from({ scheme: LIVE_SCHEME, path: `/${encodeURIComponent(profile)}/${plain(cluster)}/${file}` });
    this.keep(uri, text);
    return uri;
  }

  protected textOf(text: string | undefined): string {
    return text ?? `# ${vscode.l10n.t('These live objects are no longer in memory: run Diff with Cluster again.')}\n`;
  }
}

const live = hostSingleton(() => new LiveDocuments());

/** Made by activate(), disposed with the extension. */
export const registerLiveDocuments = (): vscode.Disposable => live.register();
export const liveDocuments = (): LiveDocuments => live.get();
