// A hostile server in a real VS Code: the runner's third emulator plays --hostile HOSTILE_ATTACKS
// (dev's kubeconfig asks kubectl to run `touch MARKER`, prod's context names a user outside the
// file, "kubernetes-admin" as in ~/.kube/config). Describe, View Logs, Get Kubeconfig, Merge, Open
// Terminal and the Clouds view's Save Kubeconfig each show the exact refusal; no qbo-kubectl-* or
// qbo-terminal-* folder appears in the temporary folder, the stand-in kubectl (which runs a
// kubeconfig's exec plug-in, as kubectl does) never starts, the user's kubeconfig stays
// byte-identical and the marker file never exists. Runs after filter.itest (signed out) and leaves
// the window signed out for profiles.itest.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FakeKubernetesExports } from '../../support/fake-kubernetes/extension';
import { readKubectlLog } from '../../support/standInKubectl';
import { waitForValue } from '../../support/wait';
import { readIntegrationConfig } from '../config';
import { logText } from './files';
import { testApi, type TestApi, soleInventory, soleStatus, signOutOfEverything } from './testApi';

const config = readIntegrationConfig();
const hostile = config.hostile;
const KUBECTL_DIR = config.kubectlDir;
if (!hostile || !KUBECTL_DIR) throw new Error('the integration runner did not start the hostile emulator and the stand-in kubectl');
const KUBECTL_LOG = path.join(KUBECTL_DIR, 'kubectl.log');
const PROFILE = 'it-hostile';
const END = '; nothing was written or run';
const RUNS_A_PROGRAM = `the kubeconfig qbo sent for dev asks kubectl to run a program (users[0].user.exec)${END}`;
const OUTSIDE_USER = `the kubeconfig qbo sent for prod has a context naming a user it does not define (contexts[0].context.user)${END}`;

/** ~/.kube/config of someone with a production cluster: the user prod's kubeconfig names. */
const USER_CONFIG = `# my clusters, by hand
apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster:
    server: https://prod.example.com:6443
users:
- name: kubernetes-admin
  user:
    token: PRODUCTION-TOKEN
contexts:
- name: prod
  context:
    cluster: prod
    user: kubernetes-admin
current-context: prod
`;

describe('a hostile server: kubeconfigs that run a program or borrow your user', function () {
  let api: TestApi;
  let fake: FakeKubernetesExports['fake'];
  const savedPath = process.env.PATH;
  const savedTmp = process.env.TMPDIR;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qbo-it-hostile-'));
  /** The extension host's temporary folder during this suite (os.tmpdir() reads TMPDIR): only this suite writes there. */
  const temporary = path.join(tmp, 'tmp');
  const kubeDir = path.join(tmp, 'kube');
  const kubeconfig = path.join(kubeDir, 'config');
  let kubectlRuns = 0;
  let terminalsBefore = new Set<vscode.Terminal>();

  /** The command's refusal, as its error boundary logged it (the notification shows the same message). */
  const refusalLogged = (origin: string, message: string) =>
    waitForValue(() => logText(api.logUri).includes(`${origin}: ${message}`), `"${origin}: ${message}" in the log`, 10_000);
  const podOf = (cluster: string) => {
    const found = soleInventory(api)
      .entries('pods')
      .find(([, pod]) => (pod as { cluster?: string }).cluster === cluster);
    assert.ok(found, `no pod of ${cluster}`);
    const row = api.model.entityElement(PROFILE, 'pod', found[0]);
    assert.ok(row, `no row for the pod of ${cluster}`);
    return row;
  };
  /** Checked right after the command: a kubeconfig it wrote would still be there. */
  const assertNothingWritten = () => {
    assert.deepEqual(fs.readdirSync(temporary), [], 'a kubeconfig was written to the temporary folder');
    assert.equal(fs.readFileSync(kubeconfig, 'utf8'), USER_CONFIG, "the user's kubeconfig changed");
    assert.deepEqual(fs.readdirSync(kubeDir), ['config'], 'a backup or temporary file was written next to the kubeconfig');
  };
  /** Checked after the refusal was logged: by then a kubectl the command started would have run the server's program. */
  const assertNothingRun = () => {
    assert.ok(!fs.existsSync(hostile.marker), 'the program named by the server ran');
    assert.equal(readKubectlLog(KUBECTL_LOG).length, kubectlRuns, 'kubectl was started');
  };

  before(async () => {
    // As in workloads.itest: the stand-in kubectl first on PATH in this (the extension's) process.
    process.env.PATH = `${KUBECTL_DIR}${path.delimiter}${savedPath ?? ''}`;
    fs.mkdirSync(temporary);
    process.env.TMPDIR = temporary;
    assert.equal(os.tmpdir(), temporary);
    fs.mkdirSync(kubeDir);
    terminalsBefore = new Set(vscode.window.terminals);
    api = await testApi();
    const kubernetes = vscode.extensions.getExtension<FakeKubernetesExports>('ms-kubernetes-tools.vscode-kubernetes-tools');
    assert.ok(kubernetes, 'the test-only Kubernetes extension is not installed');
    fake = (await kubernetes.activate()).fake;
    // Merge's default target: the kubeconfig the Kubernetes extension says it uses.
    fake.kubeconfigPath = kubeconfig;
    await waitForValue(() => soleStatus(api) === 'signed-out', 'the signed-out state left by the previous suite');
    assert.equal(await vscode.commands.executeCommand('qbo.signInWithFile', vscode.Uri.file(hostile.cliJson), { name: PROFILE }), true);
    await waitForValue(
      () =>
        api.manager.sole?.name === PROFILE &&
        soleInventory(api).findCluster('dev') !== undefined &&
        soleInventory(api).findCluster('prod') !== undefined &&
        soleInventory(api)
          .entries('pods')
          .some(([, pod]) => (pod as { cluster?: string }).cluster === 'dev'),
      "the hostile server's clusters and pods",
    );
  });

  // Each test starts clean, so each one fails on its own command.
  beforeEach(() => {
    for (const name of fs.readdirSync(temporary)) fs.rmSync(path.join(temporary, name), { recursive: true, force: true });
    for (const name of fs.readdirSync(kubeDir)) fs.rmSync(path.join(kubeDir, name), { recursive: true, force: true });
    fs.writeFileSync(kubeconfig, USER_CONFIG, { mode: 0o600 });
    fs.rmSync(hostile.marker, { force: true });
    kubectlRuns = readKubectlLog(KUBECTL_LOG).length;
  });

  afterEach(() => {
    fake.unavailable.clear();
    for (const terminal of vscode.window.terminals.filter((candidate) => !terminalsBefore.has(candidate))) terminal.dispose();
  });

  after(async () => {
    process.env.PATH = savedPath;
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
    await signOutOfEverything(api);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("Describe (through the Kubernetes extension's kubectl) refuses the kubeconfig: kubectl never starts", async () => {
    const calls = fake.calls.length;
    const result = await vscode.commands.executeCommand('qbo.describePod', podOf('dev'));
    assertNothingWritten();
    assert.equal(result, false);
    await refusalLogged('qbo.describePod', RUNS_A_PROGRAM);
    assertNothingRun();
    assert.ok(
      !fake.calls.slice(calls).some((call) => call.method === 'invokeCommand'),
      'the Kubernetes extension was asked to run kubectl',
    );
  });

  it('View Logs (kubectl in a terminal) refuses it: no terminal opens', async () => {
    fake.unavailable.add('kubectl');
    const terminals = vscode.window.terminals.length;
    const result = await vscode.commands.executeCommand('qbo.viewPodLogs', podOf('dev'), { container: 'app' });
    assertNothingWritten();
    assert.equal(result, false);
    await refusalLogged('qbo.viewPodLogs', RUNS_A_PROGRAM);
    assertNothingRun();
    assert.equal(vscode.window.terminals.length, terminals);
  });

  it('Get Kubeconfig refuses it: no editor shows it', async () => {
    const shown = () => vscode.window.visibleTextEditors.filter((editor) => editor.document.uri.scheme === 'qbo-kubeconfig').length;
    assert.equal(shown(), 0);
    const result = await vscode.commands.executeCommand('qbo.getKubeconfig', 'dev');
    assert.equal(shown(), 0, 'a kubeconfig editor opened');
    assert.equal(result, false);
    await refusalLogged('qbo.getKubeconfig', RUNS_A_PROGRAM);
    assertNothingWritten();
    assertNothingRun();
  });

  it('Merge refuses a program, and a user borrowed from your kubeconfig, before the file is touched', async () => {
    const dev = await vscode.commands.executeCommand('qbo.mergeKubeconfig', 'dev', { setCurrent: true });
    assertNothingWritten();
    assert.equal(dev, false);
    await refusalLogged('qbo.mergeKubeconfig', RUNS_A_PROGRAM);
    // prod's context would pair the server's endpoint with your kubernetes-admin token.
    const prod = await vscode.commands.executeCommand('qbo.mergeKubeconfig', 'prod', { setCurrent: true });
    assertNothingWritten();
    assert.equal(prod, false);
    await refusalLogged('qbo.mergeKubeconfig', OUTSIDE_USER);
    assertNothingRun();
  });

  it('Open Terminal refuses it: no terminal, no kubeconfig file', async () => {
    const terminals = vscode.window.terminals.length;
    const result = await vscode.commands.executeCommand('qbo.openTerminal', 'dev');
    assertNothingWritten();
    assert.equal(result, false);
    await refusalLogged('qbo.openTerminal', RUNS_A_PROGRAM);
    assertNothingRun();
    assert.equal(vscode.window.terminals.length, terminals);
  });

  it("the Kubernetes extension's Clouds view gets no kubeconfig: Save Kubeconfig writes nothing", async () => {
    const provider = fake.providers.find((candidate) => candidate.cloudName === 'qbo');
    assert.ok(provider, 'qbo is registered under Clouds');
    const rows = ((await provider.treeDataProvider.getChildren()) ?? []) as { type?: string; name?: string }[];
    const dev = rows.find((row) => row.type === 'cluster' && row.name === 'dev');
    assert.ok(dev, 'dev under Clouds');
    const file = path.join(tmp, 'saved.yaml');
    const target = { nodeType: 'resource', cloudName: 'qbo', cloudResource: dev };
    const result = await vscode.commands.executeCommand('kubernetes.cloudExplorer.saveKubeconfig', target, file);
    assert.ok(!fs.existsSync(file), 'the Clouds view saved a kubeconfig');
    assert.equal(result, false);
    await refusalLogged('Kubernetes Clouds view', RUNS_A_PROGRAM);
    assertNothingWritten();
    assertNothingRun();
  });
});
