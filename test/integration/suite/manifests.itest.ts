// Apply, Diff and Delete a manifest from the editor, in a real VS Code with two profiles connected
// (the main emulator's dev, the workloads emulator's apps). kubectl is the recording stand-in first
// on PATH, playing a cluster (test/support/standInKubectl.ts): what it ran, with which kubeconfig
// and what it read on standard input is what is checked. Runs after hostile.itest (signed out).
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readKubectlLog, sha256, type KubectlRecord } from '../../support/standInKubectl';
import { waitForValue } from '../../support/wait';
import { readIntegrationConfig } from '../config';
import { emulatorKubeconfig } from './emulatorKubeconfig';
import { filesContaining, logText } from './files';
import { profilesReady, signOutOfEverything, soleStatus, testApi, type TestApi } from './testApi';

const config = readIntegrationConfig();
function required(value: string | undefined, what: string): string {
  if (!value) throw new Error(`the integration runner did not provide ${what}`);
  return value;
}
const WORKLOADS_CLI_JSON = required(config.workloadsCliJson, 'the workloads emulator');
const KUBECTL_DIR = required(config.kubectlDir, 'the stand-in kubectl');
const KUBECTL_LOG = path.join(KUBECTL_DIR, 'kubectl.log');
const MAIN = 'it-manifests';
const APPS = 'it-manifests-apps';

const SHOP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: shop-settings
  namespace: shop
data:
  currency: EUR
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop-web
  namespace: shop
spec:
  replicas: 2
---
apiVersion: v1
kind: Service
metadata:
  name: shop-web
  namespace: shop
spec:
  ports:
    - port: 80
`;

interface ApplyResult {
  cluster: string;
  profile: string;
  args: string[];
  standardInput: boolean;
  counts: Record<string, number>;
}

describe('manifests: apply, diff and delete from the editor', function () {
  let api: TestApi;
  let devSha: string;
  let appsSha: string;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qbo-it-manifests-'));
  const savedPath = process.env.PATH;
  let savedConfirmDelete: boolean | undefined;
  const dev = { cluster: 'dev', profile: MAIN };

  /** A manifest file of the workspace (saved on disk). */
  const writeManifest = (name: string, text: string): vscode.Uri => {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, text);
    return vscode.Uri.file(file);
  };
  /** The stand-in's records of one verb since `from`. */
  const runsOf = (from: number, verb: string): KubectlRecord[] =>
    readKubectlLog(KUBECTL_LOG)
      .slice(from)
      .filter((record) => record.argv[0] === verb);
  const temporaryFolders = (): string[] => fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('qbo-kubectl-'));
  /** Runs a command that asks for the cluster, accepting the first cluster offered (as Enter would). */
  const acceptingFirstCluster = async <T>(command: string, ...args: unknown[]): Promise<T | undefined> => {
    let settled = false;
    let result: T | undefined;
    const pending = vscode.commands.executeCommand<T>(command, ...args).then((value) => {
      settled = true;
      result = value;
    });
    await waitForValue(async () => {
      if (settled) return true;
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await new Promise((resolve) => setTimeout(resolve, 200));
      return settled;
    }, `${command} to take the first cluster offered`);
    await pending;
    return result;
  };

  before(async () => {
    // The stand-in first on PATH in the process that looks kubectl up (see workloads.itest).
    process.env.PATH = `${KUBECTL_DIR}${path.delimiter}${savedPath ?? ''}`;
    savedConfirmDelete = vscode.workspace.getConfiguration('qbo').inspect<boolean>('confirm.delete')?.globalValue;
    api = await testApi();
    await waitForValue(() => soleStatus(api) === 'signed-out', 'the signed-out state left by the previous suite');
    assert.equal(await vscode.commands.executeCommand('qbo.signInWithFile', vscode.Uri.file(config.cliJson), { name: MAIN }), true);
    assert.equal(await vscode.commands.executeCommand('qbo.signInWithFile', vscode.Uri.file(WORKLOADS_CLI_JSON), { name: APPS }), true);
    await profilesReady(api, [MAIN, APPS]);
    devSha = sha256(await emulatorKubeconfig(config.cliJson, 'dev'));
    appsSha = sha256(await emulatorKubeconfig(WORKLOADS_CLI_JSON, 'apps'));
    assert.notEqual(devSha, appsSha);
  });

  after(async () => {
    process.env.PATH = savedPath;
    // As the run set it (off): the suites after this one rely on it.
    await vscode.workspace.getConfiguration('qbo').update('confirm.delete', savedConfirmDelete, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await signOutOfEverything(api);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('refuses a file that is not a Kubernetes manifest, before anything runs', async () => {
    const compose = writeManifest('compose.yaml', 'services:\n  web:\n    image: nginx\n');
    const credentials = writeManifest('cli.json', '{"qbo_uid": "not-a-manifest", "qbo_aux": "secret"}');
    const from = readKubectlLog(KUBECTL_LOG).length;
    const folders = temporaryFolders().length;
    for (const command of ['qbo.applyManifest', 'qbo.diffManifest', 'qbo.deleteManifest'])
      assert.equal(await vscode.commands.executeCommand(command, compose, dev), false, command);
    assert.equal(await vscode.commands.executeCommand('qbo.applyManifest', credentials, dev), false);
    assert.equal(readKubectlLog(KUBECTL_LOG).length, from, 'kubectl ran');
    assert.equal(temporaryFolders().length, folders, 'a kubeconfig was written');
    await waitForValue(
      () =>
        logText(api.logUri).includes(
          'qbo.applyManifest: qbo: compose.yaml is not a Kubernetes manifest: document 1 has no apiVersion and no kind.',
        ),
      'the refusal in the log',
    );
    assert.ok(logText(api.logUri).includes('qbo: cli.json is not a Kubernetes manifest: the file has no apiVersion and no kind.'));
  });

  it('asks for a running cluster: by name first, then the one used last in this workspace first', async () => {
    const uri = writeManifest('namespace.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n');
    let from = readKubectlLog(KUBECTL_LOG).length;
    // Nothing remembered yet: apps (of the second profile) comes before dev by name.
    const first = await acceptingFirstCluster<ApplyResult>('qbo.applyManifest', uri);
    assert.equal(first?.cluster, 'apps');
    assert.equal(runsOf(from, 'apply')[0]?.kubeconfig?.sha256, appsSha, "kubectl did not get apps' kubeconfig");
    // dev, named by the arguments, is the last one used now…
    assert.equal((await vscode.commands.executeCommand<ApplyResult>('qbo.applyManifest', uri, dev))?.cluster, 'dev');
    // …so it is offered first, before apps.
    from = readKubectlLog(KUBECTL_LOG).length;
    const again = await acceptingFirstCluster<ApplyResult>('qbo.applyManifest', uri);
    assert.deepEqual([again?.cluster, again?.profile], ['dev', MAIN]);
    assert.equal(runsOf(from, 'apply')[0]?.kubeconfig?.sha256, devSha);
  });

  it('applies a saved multi-document file by its path, with a private kubeconfig removed afterwards', async () => {
    const uri = writeManifest('shop.yaml', SHOP);
    const from = readKubectlLog(KUBECTL_LOG).length;
    const result = await vscode.commands.executeCommand<ApplyResult>('qbo.applyManifest', uri, dev);
    assert.deepEqual(result, {
      cluster: 'dev',
      profile: MAIN,
      args: ['apply', '-f', uri.fsPath],
      standardInput: false,
      counts: { created: 3 },
    });
    const [record] = runsOf(from, 'apply');
    assert.ok(record);
    assert.deepEqual(record.argv, ['apply', '-f', uri.fsPath]);
    assert.equal(record.stdin, null);
    assert.equal(record.kubeconfig?.sha256, devSha);
    assert.equal(record.kubeconfig?.mode, '600');
    assert.ok(record.kubeconfigEnv?.startsWith(os.tmpdir()), record.kubeconfigEnv ?? '');
    assert.equal(fs.existsSync(record.kubeconfigEnv ?? ''), false, 'the temporary kubeconfig is still there');
    // kubectl's lines, one by one, in the log; applying again changes nothing.
    await waitForValue(() => logText(api.logUri).includes('kubectl apply: deployment.apps/shop-web created'), "kubectl's lines in the log");
    assert.deepEqual((await vscode.commands.executeCommand<ApplyResult>('qbo.applyManifest', uri, dev))?.counts, { unchanged: 3 });
  });

  it('applies an unsaved editor through standard input, and its text reaches no file', async () => {
    const marker = `unsaved-${crypto.randomBytes(8).toString('hex')}`;
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: draft\n  namespace: shop\ndata:\n  note: ${marker}\n`;
    const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: text });
    await vscode.window.showTextDocument(document);
    const from = readKubectlLog(KUBECTL_LOG).length;
    // From the Command Palette: no argument, the active editor.
    const result = await vscode.commands.executeCommand<ApplyResult>('qbo.applyManifest', undefined, dev);
    assert.equal(result?.standardInput, true);
    assert.deepEqual(result.counts, { created: 1 });
    const [record] = runsOf(from, 'apply');
    assert.deepEqual(record?.argv, ['apply', '-f', '-']);
    assert.deepEqual(record?.stdin, { sha256: sha256(text), bytes: Buffer.byteLength(text) });
    // Nowhere in the temporary folder (the log folder included), except in the stand-in's own
    // "cluster" state and VS Code's hot-exit backup of the untitled editor, neither of them ours.
    const allowed = [KUBECTL_DIR, path.join(config.userDataDir, 'User', 'Backups'), path.join(config.userDataDir, 'Backups')];
    const found = filesContaining(os.tmpdir(), marker).filter((file) => !allowed.some((dir) => file.startsWith(dir + path.sep)));
    assert.deepEqual(found, [], 'the unsaved text was written to disk');
    assert.ok(filesContaining(KUBECTL_DIR, marker).length > 0, 'the stand-in never saw the text: the scan proves nothing');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('takes the unsaved changes of a saved file from the editor, leaving the file as it is', async () => {
    const uri = writeManifest(
      'edited.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: edited\n  namespace: shop\ndata:\n  a: "1"\n',
    );
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((edit) => edit.insert(new vscode.Position(document.lineCount, 0), '  b: "2"\n'));
    assert.ok(document.isDirty);
    const from = readKubectlLog(KUBECTL_LOG).length;
    // From the Explorer's (or editor title's) menu: the file's URI.
    const result = await vscode.commands.executeCommand<ApplyResult>('qbo.applyManifest', uri, dev);
    assert.equal(result?.standardInput, true);
    assert.deepEqual(runsOf(from, 'apply')[0]?.stdin?.sha256, sha256(document.getText()));
    assert.doesNotMatch(fs.readFileSync(uri.fsPath, 'utf8'), /b: "2"/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('applies JSON too', async () => {
    const uri = writeManifest(
      'cfg.json',
      JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'from-json', namespace: 'shop' } }),
    );
    assert.deepEqual((await vscode.commands.executeCommand<ApplyResult>('qbo.applyManifest', uri, dev))?.counts, { created: 1 });
  });

  it("a failure shows kubectl's own message, made safe to show", async () => {
    const uri = writeManifest(
      'widget.yaml',
      'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: "[open](command:workbench.action.quit)"\n',
    );
    const before = api.shownMessages.length;
    assert.equal(await vscode.commands.executeCommand('qbo.applyManifest', uri, dev), false);
    const shown = await waitForValue(
      () => api.shownMessages.slice(before).find((message) => message.severity === 'error'),
      'the error notification',
    );
    assert.match(shown.message, /^qbo: kubectl apply failed on dev: error: resource mapping not found/);
    assert.match(shown.message, /no matches for kind "Widget"/);
    // The text the notification got: the link and the command URI are broken, yet it reads the same.
    assert.doesNotMatch(shown.message, /\]\(|command:workbench/);
    assert.ok(shown.message.split('\u200b').join('').includes('"[open](command:workbench.action.quit)"'), shown.message);
    // kubectl's own line is in the log as it was.
    assert.ok(
      logText(api.logUri).includes('kubectl apply: error: resource mapping not found for name: "[open](command:workbench.action.quit)"'),
    );
  });

  it('Diff: "no differences" when applying would change nothing; otherwise the diff editor, live objects left, the file right', async () => {
    const uri = writeManifest('shop.yaml', SHOP);
    let from = readKubectlLog(KUBECTL_LOG).length;
    assert.deepEqual(await vscode.commands.executeCommand('qbo.diffManifest', uri, dev), { differs: false, cluster: 'dev' });
    assert.deepEqual(
      readKubectlLog(KUBECTL_LOG)
        .slice(from)
        .map((record) => record.argv),
      [['diff', '-f', uri.fsPath]],
      'only kubectl diff runs when there is no difference',
    );
    // An unsaved change: 3 replicas in the editor, 2 in the cluster.
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    const at = document.getText().indexOf('replicas: 2') + 'replicas: '.length;
    await editor.edit((edit) => edit.replace(new vscode.Range(document.positionAt(at), document.positionAt(at + 1)), '3'));
    from = readKubectlLog(KUBECTL_LOG).length;
    const result = await vscode.commands.executeCommand<{ differs: boolean; left: string; right: string }>('qbo.diffManifest', uri, dev);
    assert.equal(result?.differs, true);
    assert.equal(result.right, uri.toString());
    assert.match(result.left, /^qbo-live:/);
    const runs = readKubectlLog(KUBECTL_LOG).slice(from);
    assert.deepEqual(
      runs.map((record) => record.argv),
      [
        ['diff', '-f', '-'],
        ['get', '-f', '-', '-o', 'yaml', '--ignore-not-found'],
      ],
    );
    for (const record of runs) assert.equal(record.stdin?.sha256, sha256(document.getText()));
    const tab = await waitForValue(() => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputTextDiff ? input : undefined;
    }, 'the diff editor');
    assert.equal(tab.original.toString(), result.left);
    assert.equal(tab.modified.toString(), uri.toString());
    const live = (await vscode.workspace.openTextDocument(vscode.Uri.parse(result.left))).getText();
    assert.equal(live.split('---\n').length, 3, live);
    assert.match(live, /name: shop-web[\s\S]*replicas: 2/);
    assert.doesNotMatch(live, /status:|managedFields|last-applied-configuration|resourceVersion/);
    // Keep the edit (closing a changed editor would ask), then close everything.
    await document.save();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Diff runs kubectl diff with its default diff program, never one KUBECTL_EXTERNAL_DIFF names', async () => {
    const marker = path.join(tmp, 'external-diff-ran');
    const program = path.join(tmp, 'external-diff');
    fs.writeFileSync(program, `#!/bin/sh\ntouch ${JSON.stringify(marker)}\nexit 1\n`, { mode: 0o755 });
    const uri = writeManifest('changed.yaml', SHOP.replace('currency: EUR', 'currency: CHF'));
    const saved = process.env.KUBECTL_EXTERNAL_DIFF;
    process.env.KUBECTL_EXTERNAL_DIFF = program;
    const from = readKubectlLog(KUBECTL_LOG).length;
    try {
      assert.equal((await vscode.commands.executeCommand<{ differs: boolean }>('qbo.diffManifest', uri, dev))?.differs, true);
    } finally {
      if (saved === undefined) delete process.env.KUBECTL_EXTERNAL_DIFF;
      else process.env.KUBECTL_EXTERNAL_DIFF = saved;
    }
    assert.equal(runsOf(from, 'diff')[0]?.externalDiff, null);
    assert.equal(fs.existsSync(marker), false, 'the program KUBECTL_EXTERNAL_DIFF named ran');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it("Delete asks first, listing the manifest's objects; then deletes them, and what is gone already is no error", async () => {
    const uri = writeManifest('shop.yaml', SHOP);
    await vscode.workspace.getConfiguration('qbo').update('confirm.delete', true, vscode.ConfigurationTarget.Global);
    const from = readKubectlLog(KUBECTL_LOG).length;
    const before = api.shownMessages.length;
    try {
      // VS Code under test refuses the modal and fails the call with its text (see trust/workspaceSettings.itest).
      assert.equal(await vscode.commands.executeCommand('qbo.deleteManifest', uri, dev), false);
      const line = await waitForValue(
        () =>
          logText(api.logUri)
            .split('\n')
            .find((entry) => entry.includes('qbo.deleteManifest: ') && entry.includes('refused to show dialog')),
        'the confirmation in the log',
      );
      assert.match(line, /Delete 3 objects of shop\.yaml from dev\?/);
      // The modal VS Code was handed lists the objects in its detail, one per line.
      const modal = api.shownMessages.slice(before).find((message) => message.modal);
      assert.deepEqual(
        [modal?.message, modal?.detail?.split('\n')],
        ['Delete 3 objects of shop.yaml from dev?', ['ConfigMap shop/shop-settings', 'Deployment shop/shop-web', 'Service shop/shop-web']],
      );
      assert.equal(runsOf(from, 'delete').length, 0, 'kubectl delete ran before the confirmation');
    } finally {
      await vscode.workspace.getConfiguration('qbo').update('confirm.delete', false, vscode.ConfigurationTarget.Global);
    }
    const deleted = await vscode.commands.executeCommand<{ deleted: number; args: string[] }>('qbo.deleteManifest', uri, dev);
    assert.deepEqual([deleted?.deleted, deleted?.args], [3, ['delete', '-f', uri.fsPath, '--ignore-not-found']]);
    assert.equal(runsOf(from, 'delete')[0]?.kubeconfig?.sha256, devSha);
    assert.equal((await vscode.commands.executeCommand<{ deleted: number }>('qbo.deleteManifest', uri, dev))?.deleted, 0);
  });

  it('with no kubectl anywhere, says so once and fetches no kubeconfig', async () => {
    const uri = writeManifest('shop.yaml', SHOP);
    const from = readKubectlLog(KUBECTL_LOG).length;
    const folders = temporaryFolders().length;
    const withStandIn = process.env.PATH;
    process.env.PATH = path.join(tmp, 'empty');
    try {
      for (const command of ['qbo.applyManifest', 'qbo.diffManifest', 'qbo.deleteManifest'])
        assert.equal(await vscode.commands.executeCommand(command, uri, dev), undefined, command);
    } finally {
      process.env.PATH = withStandIn;
    }
    assert.equal(readKubectlLog(KUBECTL_LOG).length, from);
    assert.equal(temporaryFolders().length, folders);
    assert.ok(logText(api.logUri).includes('kubectl was not found (Kubernetes extension, PATH)'));
  });
});
