// The Kubernetes extension (ms-kubernetes-tools.vscode-kubernetes-tools), when installed: after a
// merge its Clusters view is refreshed so the new context shows at once.
import * as vscode from 'vscode';

export const KUBERNETES_EXTENSION_ID = 'ms-kubernetes-tools.vscode-kubernetes-tools';

interface ApiBroker {
  api(request: { component: string; version: string }): { succeeded: boolean; api?: { refresh?: () => void } };
}

function isBroker(value: unknown): value is ApiBroker {
  return typeof value === 'object' && value !== null && typeof (value as ApiBroker).api === 'function';
}

/** Refreshes the Kubernetes extension's cluster explorer; false when it is not installed. */
export async function refreshKubernetesExplorer(): Promise<boolean> {
  const extension = vscode.extensions.getExtension(KUBERNETES_EXTENSION_ID);
  if (!extension) return false;
  try {
    const exports: unknown = extension.isActive ? extension.exports : await extension.activate();
    if (isBroker(exports)) {
      const explorer = exports.api({ component: 'clusterExplorer', version: 'v1' });
      if (explorer.succeeded && typeof explorer.api?.refresh === 'function') {
        explorer.api.refresh();
        return true;
      }
    }
    await vscode.commands.executeCommand('extension.vsKubernetesRefreshExplorer');
    return true;
  } catch {
    return false;
  }
}
