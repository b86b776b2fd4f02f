// The Kubernetes extension (ms-kubernetes-tools.vscode-kubernetes-tools), when installed: its
// kubectl (so the user's kubectl path and settings apply), the kubeconfig it uses, its Clouds view,
// and a refresh after a merge. Its API broker is reached lazily, never at activation: the types
// come from `vscode-kubernetes-tools-api`, whose own helper would activate it on import.
import * as vscode from 'vscode';
import type { APIBroker, CloudExplorerV1, ClusterExplorerV1, KubectlV1 } from 'vscode-kubernetes-tools-api';
import type { ConfigurationV1_1 } from 'vscode-kubernetes-tools-api/js/configuration/v1_1';

export const KUBERNETES_EXTENSION_ID = 'ms-kubernetes-tools.vscode-kubernetes-tools';

function isBroker(value: unknown): value is APIBroker {
  return typeof value === 'object' && value !== null && typeof (value as APIBroker).get === 'function';
}

/** One API of the Kubernetes extension, or undefined when it is not installed, fails, or is too old. */
async function kubernetesApi<T>(component: string, version: string): Promise<T | undefined> {
  const extension = vscode.extensions.getExtension(KUBERNETES_EXTENSION_ID);
  if (!extension) return undefined;
  try {
    const exports: unknown = extension.isActive ? extension.exports : await extension.activate();
    if (!isBroker(exports)) return undefined;
    const result = exports.get(component, version);
    return result.available ? (result.api as T) : undefined;
  } catch {
    return undefined;
  }
}

export function kubectlApi(): Promise<KubectlV1 | undefined> {
  return kubernetesApi<KubectlV1>('kubectl', 'v1');
}

export function cloudExplorerApi(): Promise<CloudExplorerV1 | undefined> {
  return kubernetesApi<CloudExplorerV1>('cloudexplorer', 'v1');
}

/** The kubeconfig file the Kubernetes extension uses, when it is installed and says so (host paths only). */
export async function kubernetesKubeconfigPath(): Promise<string | undefined> {
  const configuration = await kubernetesApi<ConfigurationV1_1>('configuration', 'v1_1');
  try {
    const kubeconfig = configuration?.getKubeconfigPath();
    return kubeconfig?.pathType === 'host' && kubeconfig.hostPath.trim() !== '' ? kubeconfig.hostPath : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The Kubernetes extension's own `vs-kubernetes` setting, from the user's settings only: a
 * workspace must not be able to point our terminals at a kubectl of its choosing.
 */
export function kubernetesUserSettings(): unknown {
  const inspected = vscode.workspace.getConfiguration().inspect('vs-kubernetes');
  return inspected?.globalValue;
}

/** Refreshes the Kubernetes extension's cluster explorer; false when it is not installed. */
export async function refreshKubernetesExplorer(): Promise<boolean> {
  const explorer = await kubernetesApi<ClusterExplorerV1>('clusterexplorer', 'v1');
  if (!explorer) return false;
  try {
    explorer.refresh();
    return true;
  } catch {
    return false;
  }
}
