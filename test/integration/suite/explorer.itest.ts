// The extension inside a real VS Code, against the real emulator process: activation, sign-in,
// the tree through the real provider, every command, and what reaches the output and settings.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TreeElement } from '../../../src/explorer/treeElements';
import { parseCliJson } from '../../../src/qbo/credentials';
import { interpretServerMessage } from '../../../src/qbo/messages';
import { readIntegrationConfig } from '../config';
import { filesContaining, logText } from './files';
import { EmulatorProbe } from '../../support/emulatorProbe';
import { waitForValue } from '../../support/wait';
import { measured } from './state';
import { EXTENSION_ID, testApi, type TestApi, soleStatus, soleInventory } from './testApi';

const PROFILE = 'it-emulator';
const config = readIntegrationConfig();
const credentials = parseCliJson(fs.readFileSync(config.cliJson, 'utf8'), config.cliJson);
const aux = credentials.kind === 'service-account' ? credentials.aux : credentials.token;

describe('qbo Explorer in VS Code', function () {
  let api: TestApi;
  /** The kubeconfig of a terminal Open Terminal left open for Sign Out to remove. */
  let openTerminal: { terminal: vscode.Terminal; kubeconfig: string } | undefined;
  const probe = new EmulatorProbe(credentials);

  const provider = () => api.provider;
  const roots = () => provider().getChildren();
  const label = (element: TreeElement) => String(provider().getTreeItem(element).label);
  const itemOf = (element: TreeElement) => provider().getTreeItem(element);
  const clusterRow = (name: string) => roots().find((element) => element.type === 'cluster' && label(element) === name);
  const folder = (cluster: TreeElement, name: string) =>
    provider()
      .getChildren(cluster)
      .find((element) => label(element) === name) as TreeElement;
  const waitForRow = (name: string, description: string) =>
    waitForValue(() => {
      const row = clusterRow(name);
      return row && itemOf(row).description === description ? row : undefined;
    }, `${name} to show ${description}`);

  before(async () => {
    await probe.open();
    api = await testApi();
    measured.activateMs = api.activationMs;
  });
  after(() => probe.dispose());

  it('activates without touching the network', () => {
    assert.ok(api.activationMs < 5_000, `activate() took ${api.activationMs} ms`);
    assert.equal(api.manager.state.kind, 'idle', 'no session may start before the view is shown');
  });

  it('registers every command of the manifest', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { commands: { command: string }[] } };
    for (const { command } of manifest.contributes.commands) assert.ok(registered.has(command), command);
  });

  it('signs in with a cli.json file and keeps the secret in SecretStorage only', async () => {
    assert.equal(await vscode.commands.executeCommand('qbo.signInWithFile', vscode.Uri.file(config.cliJson), { name: PROFILE }), true);
    await waitForValue(() => soleStatus(api) === 'ready', 'the session to be ready');
    const profiles = vscode.workspace.getConfiguration('qbo').inspect<unknown[]>('profiles')?.globalValue;
    assert.ok(Array.isArray(profiles) && profiles.length === 1);
    const settingsText = JSON.stringify(vscode.workspace.getConfiguration('qbo'));
    assert.ok(!settingsText.includes(aux), 'settings hold the secret');
    assert.ok(!JSON.stringify(profiles).includes(aux));
    // Round trip through the real SecretStorage: the stored credentials are what the session uses.
    const active = api.manager.sole?.active;
    assert.equal(active?.origin, 'secret-storage');
    assert.deepEqual(
      active?.credentials.kind === 'service-account' ? active.credentials.publicKey : undefined,
      credentials.kind === 'service-account' ? credentials.publicKey : undefined,
    );
  });

  it('shows the emulator clusters through the real tree provider', async () => {
    await waitForValue(() => clusterRow('dev') && clusterRow('prod'), 'dev and prod in the tree');
    const dev = clusterRow('dev') as TreeElement;
    const item = itemOf(dev);
    assert.equal(item.description, 'running');
    assert.equal(item.contextValue, 'qbo.cluster.running');
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'server-environment');
    assert.equal(item.id, dev.id);
    assert.equal(itemOf(clusterRow('prod') as TreeElement).contextValue, 'qbo.cluster.stopped');
    assert.deepEqual(provider().getChildren(dev).map(label), ['Nodes', 'Services', 'Networks', 'Load Balancers']);
    const nodes = provider().getChildren(folder(dev, 'Nodes'));
    assert.equal(nodes.length, 3);
    const serverNodes = await probe.list('nodes', 'dev');
    assert.deepEqual(nodes.map(label).sort(), serverNodes.map((node) => node.name as string).sort());
    const pods = nodes.flatMap((node) => provider().getChildren(node));
    assert.ok(pods.length >= 8, `only ${pods.length} pods`);
    assert.ok(provider().getChildren(folder(dev, 'Services')).map(label).includes('kube-dns'));
    assert.match(String(itemOf(nodes[0] as TreeElement).description), /running · 172\./);
    assert.ok(itemOf(nodes[0] as TreeElement).tooltip instanceof vscode.MarkdownString);
  });

  it('says who is connected in the status bar', () => {
    assert.match(api.statusBar.text, new RegExp(`qbo: ${credentials.user ?? ''}.*127\\.0\\.0\\.1`));
  });

  it('stops and starts a cluster, and the tree follows the emulator', async () => {
    assert.equal(await vscode.commands.executeCommand('qbo.stopCluster', clusterRow('dev')), true);
    assert.equal(await probe.clusterState('dev'), 'stopped');
    await waitForRow('dev', 'stopped');
    assert.equal(itemOf(clusterRow('dev') as TreeElement).contextValue, 'qbo.cluster.stopped');
    assert.equal(await vscode.commands.executeCommand('qbo.startCluster', 'dev'), true);
    assert.equal(await probe.clusterState('dev'), 'running');
    await waitForRow('dev', 'running');
  });

  it('keeps element identity (and so expansion) across updates', async () => {
    const before = clusterRow('dev');
    await vscode.commands.executeCommand('qbo.stopCluster', 'dev');
    await waitForRow('dev', 'stopped');
    assert.equal(clusterRow('dev'), before);
    await vscode.commands.executeCommand('qbo.startCluster', 'dev');
    await waitForRow('dev', 'running');
  });

  it('adds a cluster and nodes', async () => {
    assert.equal(await vscode.commands.executeCommand('qbo.addCluster', { name: 'it-new', nodes: 2 }), true);
    assert.equal(await probe.clusterState('it-new'), 'running');
    const row = await waitForRow('it-new', 'running');
    await waitForValue(() => provider().getChildren(folder(row, 'Nodes')).length === 2, 'two nodes in it-new');
    assert.equal(await vscode.commands.executeCommand('qbo.addNodes', 'it-new', 1), true);
    assert.equal((await probe.list('nodes', 'it-new')).length, 3);
    await waitForValue(() => provider().getChildren(folder(row, 'Nodes')).length === 3, 'three nodes in it-new');
  });

  it('stops and starts several selected nodes in one command', async () => {
    const row = clusterRow('it-new') as TreeElement;
    const nodes = provider().getChildren(folder(row, 'Nodes')).slice(0, 2);
    assert.equal(await vscode.commands.executeCommand('qbo.stopNode', nodes[0], nodes), true);
    const states = (await probe.list('nodes', 'it-new'))
      .filter((node) => nodes.map(label).includes(node.name as string))
      .map((node) => node.state);
    assert.deepEqual(states, ['stopped', 'stopped']);
    await waitForValue(() => nodes.every((node) => itemOf(node).contextValue === 'qbo.node.stopped'), 'both nodes stopped in the tree');
    assert.equal(await vscode.commands.executeCommand('qbo.startNode', nodes[0], nodes), true);
    await waitForValue(() => nodes.every((node) => itemOf(node).contextValue === 'qbo.node.running'), 'both nodes running again');
  });

  it('deletes a node and a cluster', async () => {
    const row = clusterRow('it-new') as TreeElement;
    const node = provider().getChildren(folder(row, 'Nodes')).at(-1) as TreeElement;
    const nodeName = label(node);
    assert.equal(await vscode.commands.executeCommand('qbo.deleteNode', node), true);
    assert.ok(!(await probe.list('nodes', 'it-new')).some((candidate) => candidate.name === nodeName));
    assert.equal(await vscode.commands.executeCommand('qbo.deleteCluster', 'it-new'), true);
    assert.equal(await probe.clusterState('it-new'), undefined);
    await waitForValue(() => clusterRow('it-new') === undefined, 'it-new to leave the tree');
  });

  it('shows a kubeconfig read-only and in memory: Save As and Merge write it, no user-data file holds its key', async () => {
    const document = await vscode.commands.executeCommand<vscode.TextDocument>('qbo.getKubeconfig', clusterRow('dev'));
    assert.ok(document);
    const text = document.getText();
    assert.match(text, /^apiVersion: v1/m);
    assert.match(text, /server: https:\/\//);
    const key = /client-key-data: (\S+)/.exec(text)?.[1];
    assert.ok(key && key.length >= 32, 'the kubeconfig has client-key-data');
    // Hot exit backs a dirty editor up about a second after a change: give it the time to, then look.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    assert.deepEqual(filesContaining(config.userDataDir, key), [], 'the kubeconfig key reached the user-data folder while open');
    assert.equal(document.uri.scheme, 'qbo-kubeconfig');
    assert.equal(document.languageId, 'yaml');
    assert.ok(!document.isUntitled && !document.isDirty, 'an untitled or dirty document would be backed up to disk');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), document.uri.toString());

    // The editor-title actions act on the document's URI, with no new fetch.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qbo-kube-doc-'));
    const saved = path.join(dir, 'saved.yaml');
    assert.equal(await vscode.commands.executeCommand('qbo.saveKubeconfigAs', document.uri, { file: saved }), saved);
    assert.equal(fs.readFileSync(saved, 'utf8'), text);
    assert.equal(fs.statSync(saved).mode & 0o777, 0o600);
    const merged = path.join(dir, 'config');
    const result = await vscode.commands.executeCommand<{ changed: boolean }>('qbo.mergeKubeconfig', document.uri, { file: merged });
    assert.ok(result?.changed);
    assert.ok(fs.readFileSync(merged, 'utf8').includes(key), 'the merged file holds the cluster user');
    fs.rmSync(dir, { recursive: true, force: true });

    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await waitForValue(
      () => !vscode.window.visibleTextEditors.some((editor) => editor.document.uri.toString() === document.uri.toString()),
      'the kubeconfig editor to close without a save prompt',
      10_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.deepEqual(filesContaining(config.userDataDir, key), [], 'the kubeconfig key reached the user-data folder');
  });

  it('merges a kubeconfig with a backup, renaming a taken name', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qbo-kube-'));
    const file = path.join(dir, 'config');
    const existing =
      '# my clusters: comments survive a merge\napiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: https://10.0.0.1:6443\nusers: []\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: someone\ncurrent-context: dev\n';
    fs.writeFileSync(file, existing);
    const result = await vscode.commands.executeCommand<{ backup?: string; contexts: string[]; changed: boolean }>(
      'qbo.mergeKubeconfig',
      'dev',
      { file, setCurrent: true },
    );
    assert.ok(result?.changed);
    assert.ok(result.backup && fs.readFileSync(result.backup, 'utf8') === existing, 'the backup holds the previous file');
    const merged = fs.readFileSync(file, 'utf8');
    assert.ok(merged.startsWith('# my clusters: comments survive a merge\napiVersion: v1\n'), merged.slice(0, 200));
    assert.match(merged, /server: https:\/\/10\.0\.0\.1:6443/);
    assert.ok(result.contexts[0] && result.contexts[0] !== 'dev', 'the taken context name was not reused');
    assert.match(merged, new RegExp(`current-context: ${result.contexts[0]}`));
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  });

  it('opens a terminal whose KUBECONFIG points at its own private copy, removed when the terminal closes', async () => {
    type Opened = { terminal: vscode.Terminal; kubeconfig: string };
    const result = await vscode.commands.executeCommand<Opened>('qbo.openTerminal', 'dev');
    assert.ok(result);
    const options = result.terminal.creationOptions as vscode.TerminalOptions;
    assert.equal(options.env?.KUBECONFIG, result.kubeconfig);
    assert.match(fs.readFileSync(result.kubeconfig, 'utf8'), /^apiVersion: v1/m);
    assert.equal(fs.statSync(result.kubeconfig).mode & 0o777, 0o600);
    assert.equal(fs.statSync(path.dirname(result.kubeconfig)).mode & 0o777, 0o700);
    // Never shared: another terminal (of another cluster, or the same) gets its own folder.
    const prod = await vscode.commands.executeCommand<Opened>('qbo.openTerminal', 'prod');
    const again = await vscode.commands.executeCommand<Opened>('qbo.openTerminal', 'dev');
    assert.ok(prod && again);
    assert.equal(new Set([result, prod, again].map((opened) => path.dirname(opened.kubeconfig))).size, 3);
    assert.match(fs.readFileSync(prod.kubeconfig, 'utf8'), /current-context: prod/);
    result.terminal.dispose();
    await waitForValue(() => !fs.existsSync(path.dirname(result.kubeconfig)), "the closed terminal's kubeconfig to be removed");
    assert.ok(fs.existsSync(prod.kubeconfig) && fs.existsSync(again.kubeconfig), 'an open terminal lost its kubeconfig');
    again.terminal.dispose();
    // prod's stays open: Sign Out removes its kubeconfig (checked there).
    openTerminal = prod;
  });

  it('copies name, id and address', async () => {
    const dev = clusterRow('dev') as TreeElement;
    assert.equal(await vscode.commands.executeCommand('qbo.copyName', dev), 'dev');
    assert.equal(await vscode.env.clipboard.readText(), 'dev');
    const server = (await probe.list('clusters')).find((cluster) => cluster.name === 'dev');
    assert.equal(await vscode.commands.executeCommand('qbo.copyId', dev), server?.id);
    const node = provider().getChildren(folder(dev, 'Nodes'))[0] as TreeElement;
    assert.match(String(await vscode.commands.executeCommand('qbo.copyAddress', node)), /^172\.\d+\.\d+\.\d+$/);
  });

  it('shows the raw JSON of an object in a read-only document', async () => {
    const dev = clusterRow('dev') as TreeElement;
    const node = provider().getChildren(folder(dev, 'Nodes'))[0] as TreeElement;
    const document = await vscode.commands.executeCommand<vscode.TextDocument>('qbo.showJson', node);
    assert.ok(document);
    assert.equal(document.uri.scheme, 'qbo-json');
    const json = JSON.parse(document.getText()) as Record<string, unknown>;
    assert.equal(json.name, label(node));
    assert.match(String(json.id), /^[0-9a-f]{64}$/);
  });

  it('Refresh re-lists what the client missed: a cluster whose push was lost comes back', async () => {
    const [key, dev] = soleInventory(api).findCluster('dev') ?? [];
    assert.ok(key && dev);
    // Behind the client's back: the inventory forgets dev, as if a wrong push had removed it.
    const lost = interpretServerMessage({ command: 'CMD_WATCH', clusters: [{ id: dev.id, name: 'dev', state: 'deleted' }] });
    assert.ok(lost.ok);
    soleInventory(api).apply(lost.message);
    await waitForValue(() => clusterRow('dev') === undefined, 'dev to leave the tree');
    assert.equal(await probe.clusterState('dev'), 'running', 'the server still has dev');
    await vscode.commands.executeCommand('qbo.refresh');
    await waitForRow('dev', 'running');
    assert.equal(soleStatus(api), 'ready');
  });

  it('refuses an invalid name before anything is sent', async () => {
    const clustersBefore = (await probe.list('clusters')).length;
    assert.equal(await vscode.commands.executeCommand('qbo.addCluster', { name: 'dev -A' }), false);
    assert.equal((await probe.list('clusters')).length, clustersBefore);
  });

  it('never writes a secret to the output channel log', async () => {
    const text = await waitForValue(
      () => {
        const all = logText(api.logUri);
        // The refused name above was reported once, under its command id, by the commands' error boundary.
        return (all.includes('qbo get') || all.includes('> qbo')) && all.includes('qbo.addCluster: ') ? all : undefined;
      },
      'the qbo log file',
      10_000,
    );
    assert.match(text, /> qbo stop clusters dev/);
    assert.equal(text.match(/qbo\.addCluster: .*dev -A/g)?.length, 1, 'the refused name is logged once, naming the command');
    assert.ok(!text.includes(aux), 'qbo_aux reached the log');
    assert.doesNotMatch(text, /eyJ[A-Za-z0-9_-]{10,}\.\.[A-Za-z0-9_-]+\./, 'a JWE reached the log');
  });

  it("signs out: the secret is deleted, open terminals' kubeconfigs removed, and the welcome view returns", async () => {
    assert.ok(await api.hasStoredCredentials(PROFILE), 'SecretStorage holds the profile before signing out');
    assert.ok(openTerminal && fs.existsSync(openTerminal.kubeconfig), "an open terminal's kubeconfig to remove");
    assert.equal(await vscode.commands.executeCommand('qbo.signOut'), true);
    assert.ok(!fs.existsSync(path.dirname(openTerminal.kubeconfig)), "Sign Out left an open terminal's kubeconfig");
    openTerminal.terminal.dispose();
    await waitForValue(() => soleStatus(api) === 'signed-out', 'signed-out state');
    assert.equal(await api.hasStoredCredentials(PROFILE), false, 'SecretStorage still holds the signed-out profile');
    assert.deepEqual(roots(), []);
    assert.match(api.statusBar.text, /signed out/);
    const store = vscode.workspace.getConfiguration('qbo').inspect<unknown[]>('profiles')?.globalValue;
    assert.ok(store === undefined || (Array.isArray(store) && store.length === 0));
  });

  it('reports rejected credentials without a reconnect storm', async () => {
    const port = Number(new URL(config.emulatorUrl).port);
    assert.equal(
      await vscode.commands.executeCommand('qbo.signInWithToken', { host: '127.0.0.1', port, token: 'not-a-valid-token', name: 'it-bad' }),
      true,
    );
    await waitForValue(() => soleStatus(api) === 'credentials-rejected', 'credentials rejected');
    assert.match(api.statusBar.text, /credentials rejected/);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(soleStatus(api), 'credentials-rejected');
    assert.equal(await vscode.commands.executeCommand('qbo.signOut'), true);
  });
});
