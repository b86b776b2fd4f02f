// Workload actions and the Kubernetes extension, in a real VS Code against an emulator serving
// test/support/fixtures/workloads-world.json. kubectl is the recording stand-in first on PATH
// (test/support/standInKubectl.ts); the Kubernetes extension is the test-only stand-in
// (test/support/fake-kubernetes) installed under its real id. Runs after profiles.itest.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EntityElement, EntityElementType } from '../../../src/explorer/treeElements';
import { KIND_OF } from '../../../src/explorer/treeElements';
import type { FakeKubernetesExports } from '../../support/fake-kubernetes/extension';
import { installStandInKubectl, readKubectlLog, sha256, type KubectlRecord } from '../../support/standInKubectl';
import { readIntegrationConfig } from '../config';
import { emulatorKubeconfig } from './emulatorKubeconfig';
import { testApi, type TestApi, soleStatus, soleInventory } from './testApi';
import { waitForValue } from '../../support/wait';

const config = readIntegrationConfig();
function required(value: string | undefined, what: string): string {
  if (!value) throw new Error(`the integration runner did not provide ${what}`);
  return value;
}
const WORKLOADS_CLI_JSON = required(config.workloadsCliJson, 'the workloads emulator');
const KUBECTL_DIR = required(config.kubectlDir, 'the stand-in kubectl');
const PROFILE = 'it-workloads';
const WEB_POD = 'web-6d4b75cb6d-k2x9q';
const KUBECTL = path.join(KUBECTL_DIR, 'kubectl');
const KUBECTL_LOG = path.join(KUBECTL_DIR, 'kubectl.log');

interface KubectlRun {
  terminal: vscode.Terminal;
  args: string[];
  kubeconfig: string;
  kubectl: string;
  url?: string;
}

describe('workload actions and the Kubernetes extension', function () {
  let api: TestApi;
  let fake: FakeKubernetesExports['fake'];
  let expectedSha: string;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qbo-it-workloads-'));

  const element = (type: EntityElementType, name: string): EntityElement => {
    const sole = api.manager.sole;
    const found = sole?.inventory.entries(KIND_OF[type]).find(([, entity]) => (entity as { name?: string }).name === name);
    assert.ok(sole && found, `no ${type} ${name}`);
    const row = api.model.entityElement(sole.name, type, found[0]);
    assert.ok(row, `no row for ${type} ${name}`);
    return row;
  };
  /** The first record of a kubectl run after `from` whose argv starts with `verb`. */
  const recorded = (log: string, from: number, verb: string): Promise<KubectlRecord> =>
    waitForValue(
      () =>
        readKubectlLog(log)
          .slice(from)
          .find((record) => record.argv[0] === verb),
      `the stand-in kubectl to record "${verb}"`,
    );
  const closeAndCheckRemoved = async (run: KubectlRun) => {
    run.terminal.dispose();
    await waitForValue(() => !fs.existsSync(run.kubeconfig), 'the temporary kubeconfig to be removed with its terminal');
  };

  const savedPath = process.env.PATH;

  before(async () => {
    // code-server's extension host resolves its environment through a login shell, which may put
    // a real kubectl first: the stand-in goes first here, in the process that looks kubectl up.
    process.env.PATH = `${KUBECTL_DIR}${path.delimiter}${savedPath ?? ''}`;
    api = await testApi();
    const kubernetes = vscode.extensions.getExtension<FakeKubernetesExports>('ms-kubernetes-tools.vscode-kubernetes-tools');
    assert.ok(kubernetes, 'the test-only Kubernetes extension is not installed');
    fake = (await kubernetes.activate()).fake;
    await waitForValue(() => soleStatus(api) === 'signed-out', 'the signed-out state left by the previous suite');
    assert.equal(await vscode.commands.executeCommand('qbo.signInWithFile', vscode.Uri.file(WORKLOADS_CLI_JSON), { name: PROFILE }), true);
    await waitForValue(() => soleInventory(api).size('services') >= 4 && soleInventory(api).size('pods') >= 2, 'the workloads world');
    expectedSha = sha256(await emulatorKubeconfig(WORKLOADS_CLI_JSON, 'apps'));
  });

  afterEach(() => {
    fake.unavailable.clear();
  });

  after(async () => {
    process.env.PATH = savedPath;
    await vscode.workspace.getConfiguration().update('vs-kubernetes', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('qbo').update('nodeShell.image', undefined, vscode.ConfigurationTarget.Global);
    for (let i = 0; i < 5 && api.manager.sole?.active; i++) await vscode.commands.executeCommand('qbo.signOut');
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('registers qbo under Clouds: one row per cluster with its state, offering the kubeconfig commands', async () => {
    assert.ok(fake.calls.some((call) => call.method === 'registerCloudProvider' && call.args[0] === 'qbo'));
    const provider = fake.providers.find((candidate) => candidate.cloudName === 'qbo');
    assert.ok(provider);
    const rows = await waitForValue(async () => {
      const children = ((await provider.treeDataProvider.getChildren()) ?? []) as unknown[];
      const items: vscode.TreeItem[] = [];
      for (const child of children) items.push(await provider.treeDataProvider.getTreeItem(child));
      return items.some((item) => item.label === 'apps') ? items : undefined;
    }, 'apps under Clouds');
    assert.deepEqual(
      rows.map((item) => [item.label, item.description]),
      [['apps', 'running']],
    );
    assert.match(String(rows[0]?.contextValue), /kubernetes\.providesKubeconfig/);
  });

  it("hands the cluster's kubeconfig to the Kubernetes extension's Save Kubeconfig", async () => {
    const provider = fake.providers.find((candidate) => candidate.cloudName === 'qbo');
    const [apps] = ((await provider?.treeDataProvider.getChildren()) ?? []) as unknown[];
    const file = path.join(tmp, 'saved.yaml');
    const target = { nodeType: 'resource', cloudName: 'qbo', cloudResource: apps };
    assert.equal(await vscode.commands.executeCommand('kubernetes.cloudExplorer.saveKubeconfig', target, file), true);
    assert.equal(sha256(fs.readFileSync(file, 'utf8')), expectedSha);
  });

  it('merges into the kubeconfig the Kubernetes extension uses, and refreshes its explorer', async () => {
    fake.kubeconfigPath = path.join(tmp, 'kube', 'config');
    const calls = fake.calls.length;
    const result = await vscode.commands.executeCommand<{ file: string; changed: boolean; kubernetesExtensionRefreshed: boolean }>(
      'qbo.mergeKubeconfig',
      'apps',
      { setCurrent: false },
    );
    assert.equal(result?.file, fake.kubeconfigPath);
    assert.ok(result.changed && result.kubernetesExtensionRefreshed);
    assert.match(fs.readFileSync(fake.kubeconfigPath, 'utf8'), /server: https:\/\/127\.0\.0\.1:6443/);
    assert.equal(fs.statSync(fake.kubeconfigPath).mode & 0o777, 0o600);
    const newCalls = fake.calls.slice(calls).map((call) => `${call.api}.${call.method}`);
    assert.ok(newCalls.includes('configuration.getKubeconfigPath') && newCalls.includes('clusterexplorer.refresh'), newCalls.join(', '));
  });

  it('View Logs runs kubectl logs -f in a terminal named after the pod, with the kubeconfig in a private temporary file', async () => {
    fake.unavailable.add('kubectl');
    const from = readKubectlLog(KUBECTL_LOG).length;
    const run = await vscode.commands.executeCommand<KubectlRun>('qbo.viewPodLogs', element('pod', WEB_POD), { container: 'web' });
    assert.ok(run);
    assert.equal(run.terminal.name, `${WEB_POD} · logs`);
    assert.equal(run.kubectl, KUBECTL);
    const record = await recorded(KUBECTL_LOG, from, 'logs');
    assert.deepEqual(record.argv, ['logs', '-f', WEB_POD, '-n', 'shop', '-c', 'web']);
    assert.equal(record.kubeconfigEnv, run.kubeconfig);
    assert.equal(record.kubeconfig?.sha256, expectedSha);
    assert.equal(record.kubeconfig?.mode, '600');
    assert.ok(run.kubeconfig.startsWith(os.tmpdir()), run.kubeconfig);
    await closeAndCheckRemoved(run);
  });

  it('Open Shell asks which container when the pod has several, and runs exec -it … -- sh', async () => {
    fake.unavailable.add('kubectl');
    const from = readKubectlLog(KUBECTL_LOG).length;
    const pending = vscode.commands.executeCommand<KubectlRun>('qbo.openPodShell', element('pod', WEB_POD));
    let run: KubectlRun | undefined;
    void pending.then((value) => (run = value));
    // The quick pick lists the pod's containers (web, metrics): accept the first.
    await waitForValue(async () => {
      if (run) return true;
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await new Promise((resolve) => setTimeout(resolve, 200));
      return run !== undefined;
    }, 'the container quick pick to be answered');
    assert.ok(run);
    assert.equal(run.terminal.name, `${WEB_POD} · shell`);
    const record = await recorded(KUBECTL_LOG, from, 'exec');
    assert.deepEqual(record.argv, ['exec', '-it', WEB_POD, '-n', 'shop', '-c', 'web', '--', 'sh']);
    assert.equal(record.kubeconfig?.sha256, expectedSha);
    await closeAndCheckRemoved(run);
  });

  it('asks kubectl for the containers of a pod that does not list them, and lets kubectl pick the only one', async () => {
    fake.unavailable.add('kubectl');
    const from = readKubectlLog(KUBECTL_LOG).length;
    const run = await vscode.commands.executeCommand<KubectlRun>('qbo.openPodShell', element('pod', 'db-0'));
    assert.ok(run);
    const query = await recorded(KUBECTL_LOG, from, 'get');
    assert.deepEqual(query.argv, ['get', 'pod', 'db-0', '-n', 'shop', '-o', 'jsonpath={.spec.containers[*].name}']);
    assert.equal(query.kubeconfig?.sha256, expectedSha);
    const record = await recorded(KUBECTL_LOG, from, 'exec');
    assert.deepEqual(record.argv, ['exec', '-it', 'db-0', '-n', 'shop', '--', 'sh']);
    await closeAndCheckRemoved(run);
  });

  it("Describe runs through the Kubernetes extension's kubectl, with --kubeconfig, and removes the file when done", async () => {
    const from = readKubectlLog(KUBECTL_LOG).length;
    const calls = fake.calls.length;
    const run = await vscode.commands.executeCommand<KubectlRun>('qbo.describePod', element('pod', 'db-0'));
    assert.ok(run);
    assert.equal(run.kubectl, 'kubernetes-extension');
    assert.equal(run.terminal.name, 'db-0 · describe');
    const record = await recorded(KUBECTL_LOG, from, 'describe');
    assert.deepEqual(record.argv, ['describe', 'pod', 'db-0', '-n', 'shop', '--kubeconfig', run.kubeconfig]);
    assert.equal(record.kubeconfigFlag?.sha256, expectedSha);
    assert.equal(record.kubeconfigFlag?.mode, '600');
    const invoked = fake.calls.slice(calls).find((call) => call.method === 'invokeCommand');
    assert.equal(invoked?.args[0], `describe pod db-0 -n shop --kubeconfig ${run.kubeconfig}`);
    await waitForValue(() => !fs.existsSync(run.kubeconfig), 'the kubeconfig to be removed once kubectl finished');
    run.terminal.dispose();
  });

  it('Describe Node runs kubectl describe node, without the Kubernetes extension too', async () => {
    fake.unavailable.add('kubectl');
    const from = readKubectlLog(KUBECTL_LOG).length;
    const run = await vscode.commands.executeCommand<KubectlRun>('qbo.describeNode', element('node', 'control-apps.localhost'));
    assert.ok(run);
    assert.equal(run.kubectl, KUBECTL);
    const record = await recorded(KUBECTL_LOG, from, 'describe');
    assert.deepEqual(record.argv, ['describe', 'node', 'control-apps.localhost']);
    assert.equal(record.kubeconfig?.sha256, expectedSha);
    await closeAndCheckRemoved(run);
  });

  it("Open Shell on Node uses the Kubernetes extension's kubectl path and the qbo.nodeShell.image setting", async () => {
    const other = installStandInKubectl(path.join(tmp, 'configured-kubectl'));
    await vscode.workspace
      .getConfiguration()
      .update('vs-kubernetes', { 'vs-kubernetes.kubectl-path': other.file }, vscode.ConfigurationTarget.Global);
    const node = element('node', 'worker-apps.localhost');
    const first = await vscode.commands.executeCommand<KubectlRun>('qbo.openNodeShell', node);
    assert.ok(first);
    assert.equal(first.kubectl, other.file);
    const record = await recorded(other.logFile, 0, 'debug');
    assert.deepEqual(record.argv, ['debug', 'node/worker-apps.localhost', '-it', '--image=busybox:1.36']);
    assert.equal(record.kubeconfig?.sha256, expectedSha);
    assert.equal(record.kubeconfig?.mode, '600');
    await closeAndCheckRemoved(first);
    await vscode.workspace.getConfiguration('qbo').update('nodeShell.image', 'alpine:3.20', vscode.ConfigurationTarget.Global);
    const from = other.records().length;
    const second = await vscode.commands.executeCommand<KubectlRun>('qbo.openNodeShell', node);
    assert.ok(second);
    assert.deepEqual((await recorded(other.logFile, from, 'debug')).argv, [
      'debug',
      'node/worker-apps.localhost',
      '-it',
      '--image=alpine:3.20',
    ]);
    await closeAndCheckRemoved(second);
    await vscode.workspace.getConfiguration().update('vs-kubernetes', undefined, vscode.ConfigurationTarget.Global);
  });

  it('Copy URL gives the node port URL per port (https for 443) and the external address of a load balancer', async () => {
    const web = element('service', 'web');
    assert.equal(await vscode.commands.executeCommand('qbo.copyServiceUrl', web, 80), 'http://127.0.0.1:30080/');
    assert.equal(await vscode.env.clipboard.readText(), 'http://127.0.0.1:30080/');
    assert.equal(await vscode.commands.executeCommand('qbo.copyServiceUrl', web, 443), 'https://127.0.0.1:30443/');
    assert.equal(await vscode.commands.executeCommand('qbo.copyServiceUrl', element('service', 'api')), 'https://127.0.0.3:8443/');
    // ClusterIP only: nothing reachable from here (Port Forward is offered instead).
    assert.equal(await vscode.commands.executeCommand('qbo.copyServiceUrl', element('service', 'db')), undefined);
  });

  it('Port Forward runs kubectl port-forward svc/NAME LOCAL:PORT as a process of its own, until stopped', async () => {
    fake.unavailable.add('kubectl');
    const from = readKubectlLog(KUBECTL_LOG).length;
    const run = await vscode.commands.executeCommand<{ url: string; kubeconfig: string }>(
      'qbo.portForwardService',
      element('service', 'web'),
      {
        port: 443,
        localPort: 18443,
      },
    );
    assert.ok(run);
    assert.equal(run.url, 'https://localhost:18443/');
    const record = await recorded(KUBECTL_LOG, from, 'port-forward');
    assert.deepEqual(record.argv, ['port-forward', 'svc/web', '18443:443', '-n', 'shop']);
    assert.equal(record.kubeconfig?.sha256, expectedSha);
    assert.equal(await vscode.commands.executeCommand('qbo.stopForward', { localPort: 18443 }), true);
    assert.equal(fs.existsSync(run.kubeconfig), false, 'the temporary kubeconfig is still there');
  });

  it('with no kubectl anywhere, does nothing but say so (no kubeconfig fetched, no terminal)', async () => {
    fake.unavailable.add('kubectl');
    const withStandIn = process.env.PATH;
    const from = readKubectlLog(KUBECTL_LOG).length;
    const terminals = vscode.window.terminals.length;
    const temporaryDirs = fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('qbo-kubectl-')).length;
    process.env.PATH = path.join(tmp, 'empty');
    try {
      assert.equal(await vscode.commands.executeCommand('qbo.viewPodLogs', element('pod', WEB_POD), { container: 'web' }), undefined);
    } finally {
      process.env.PATH = withStandIn;
    }
    assert.equal(vscode.window.terminals.length, terminals);
    assert.equal(readKubectlLog(KUBECTL_LOG).length, from);
    assert.equal(
      fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('qbo-kubectl-')).length,
      temporaryDirs,
      'a kubeconfig was written',
    );
  });
});
