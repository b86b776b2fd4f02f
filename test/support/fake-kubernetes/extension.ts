// Test-only stand-in for the Kubernetes extension (ms-kubernetes-tools.vscode-kubernetes-tools):
// the same extension id and API broker shape, recording every call so the integration tests can
// check what qbo Explorer asked of it. kubectl runs the way the real extension runs it (through a
// shell, with its configured kubectl path, else `kubectl` on PATH); Merge/Save Kubeconfig on a
// Clouds node ask the cloud provider for the YAML, as the real extension's commands do.
import { exec } from 'node:child_process';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { APIBroker, CloudExplorerV1, KubectlV1 } from 'vscode-kubernetes-tools-api';

export interface FakeCall {
  api: string;
  method: string;
  args: unknown[];
}

/** Exported next to the broker's `get`, for the tests. */
export interface FakeKubernetesControl {
  calls: FakeCall[];
  providers: CloudExplorerV1.CloudProvider[];
  /** Components answered with `{ available: false }`. */
  unavailable: Set<string>;
  /** What configuration v1_1 getKubeconfigPath() reports. */
  kubeconfigPath: string;
}

export type FakeKubernetesExports = APIBroker & { fake: FakeKubernetesControl };

interface CloudTarget {
  nodeType: 'resource';
  cloudName: string;
  cloudResource: unknown;
}

export function activate(): FakeKubernetesExports {
  const fake: FakeKubernetesControl = { calls: [], providers: [], unavailable: new Set(), kubeconfigPath: '' };
  const record = (api: string, method: string, ...args: unknown[]) => fake.calls.push({ api, method, args });

  const kubectlPath = (): string => {
    const settings = vscode.workspace.getConfiguration().get<Record<string, unknown>>('vs-kubernetes') ?? {};
    const configured = settings['vs-kubernetes.kubectl-path'];
    return typeof configured === 'string' && configured !== '' ? configured : 'kubectl';
  };
  const kubectl: KubectlV1 = {
    invokeCommand(command) {
      record('kubectl', 'invokeCommand', command);
      return new Promise((resolve) => {
        exec(`${kubectlPath()} ${command}`, (error, stdout, stderr) =>
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
        );
      });
    },
    portForward(podName, podNamespace, localPort, remotePort) {
      record('kubectl', 'portForward', podName, podNamespace, localPort, remotePort);
      return Promise.resolve(new vscode.Disposable(() => undefined));
    },
  };
  const isTarget = (target: unknown): target is CloudTarget =>
    typeof target === 'object' && target !== null && (target as CloudTarget).nodeType === 'resource';
  const cloudExplorer: CloudExplorerV1 = {
    registerCloudProvider(provider) {
      record('cloudexplorer', 'registerCloudProvider', provider.cloudName);
      fake.providers.push(provider);
    },
    resolveCommandTarget(target?: unknown) {
      return isTarget(target) ? target : undefined;
    },
    refresh() {
      record('cloudexplorer', 'refresh');
    },
  };
  const apis: Record<string, unknown> = {
    'kubectl/v1': kubectl,
    'cloudexplorer/v1': cloudExplorer,
    'clusterexplorer/v1': {
      refresh: () => record('clusterexplorer', 'refresh'),
    },
    'configuration/v1_1': {
      getKubeconfigPath: () => {
        record('configuration', 'getKubeconfigPath');
        return { pathType: 'host', hostPath: fake.kubeconfigPath };
      },
    },
  };

  // The real extension's commands on a Clouds node that carries kubernetes.providesKubeconfig.
  const kubeconfigOf = async (target: unknown): Promise<string | undefined> => {
    if (!isTarget(target)) return undefined;
    const provider = fake.providers.find((candidate) => candidate.cloudName === target.cloudName);
    return provider?.getKubeconfigYaml(target.cloudResource);
  };
  vscode.commands.registerCommand('kubernetes.cloudExplorer.mergeIntoKubeconfig', async (target: unknown) => {
    const yaml = await kubeconfigOf(target);
    record('command', 'mergeIntoKubeconfig', yaml !== undefined);
    if (yaml !== undefined) fs.writeFileSync(fake.kubeconfigPath, yaml);
    return yaml !== undefined;
  });
  vscode.commands.registerCommand('kubernetes.cloudExplorer.saveKubeconfig', async (target: unknown, file: string) => {
    const yaml = await kubeconfigOf(target);
    record('command', 'saveKubeconfig', yaml !== undefined);
    if (yaml !== undefined) fs.writeFileSync(file, yaml);
    return yaml !== undefined;
  });

  return {
    fake,
    get(component, version) {
      const api = apis[`${component}/${version}`];
      if (!api || fake.unavailable.has(component)) return { available: false, reason: 'version-unknown' };
      return { available: true, api };
    },
  };
}

export function deactivate(): void {
  // Nothing to release.
}
