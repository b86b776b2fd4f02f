// Sign-in paths, profiles and the remaining commands, in a real VS Code against the emulator.
// Runs after explorer.itest (signed out at that point).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { waitForValue } from '../../support/wait';
import { readIntegrationConfig } from '../config';
import { testApi, type TestApi, profileReady, soleStatus, soleInventory } from './testApi';

const config = readIntegrationConfig();

describe('sign-in paths and profiles', function () {
  let api: TestApi;
  const ready = (profile: string) => profileReady(api, profile);
  const clusterNames = () => api.provider.getChildren().map((element) => String(api.provider.getTreeItem(element).label));

  before(async () => {
    api = await testApi();
    await waitForValue(() => soleStatus(api) === 'signed-out', 'the signed-out state left by the previous suite');
  });

  it('signs in by pasting cli.json', async () => {
    const text = fs.readFileSync(config.cliJson, 'utf8');
    assert.equal(await vscode.commands.executeCommand('qbo.signInWithJson', text, { name: 'pasted' }), true);
    await ready('pasted');
    assert.ok(clusterNames().includes('dev'));
    assert.equal(api.treeView.description, 'pasted');
  });

  it('refuses a malformed paste with a clear, secret-free error and stays signed in', async () => {
    assert.equal(await vscode.commands.executeCommand('qbo.signInWithJson', '{"qbo_host": "h", "qbo_port": 1}', { name: 'broken' }), false);
    assert.equal(api.manager.sole?.active?.profile.name, 'pasted');
  });

  it('signs in with the cli.json open in the editor, naming the profile in the input box', async () => {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(config.cliJson));
    await vscode.window.showTextDocument(document);
    const pending = vscode.commands.executeCommand<boolean>('qbo.signInWithThisFile');
    // The input box proposes a name; accept it as a user pressing Enter would.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    assert.equal(await pending, true);
    const name = await waitForValue(
      () => api.manager.sole?.active?.profile.name !== 'pasted' && api.manager.sole?.active?.profile.name,
      'a new active profile',
    );
    assert.match(name, /@ 127\.0\.0\.1$/);
    await ready(name);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('switches between profiles and reconnects', async () => {
    assert.equal(await vscode.commands.executeCommand('qbo.switchProfile', 'pasted'), true);
    await ready('pasted');
    const profiles = vscode.workspace.getConfiguration('qbo').get<{ name: string }[]>('profiles') ?? [];
    assert.equal(profiles.length, 2);
    assert.ok(profiles.some((profile) => profile.name === 'pasted'));
    assert.equal(vscode.workspace.getConfiguration('qbo').get('activeProfile'), 'pasted');
  });

  it('reveals a cluster named in the editor selection', async () => {
    assert.equal(await vscode.commands.executeCommand('qbo.revealInExplorer', 'dev'), true);
    await waitForValue(() => api.treeView.selection[0]?.type === 'cluster', 'the selection');
    assert.equal(api.provider.getTreeItem(api.treeView.selection[0] as never).label, 'dev');
  });

  it('acts on a cluster named by the editor selection', async () => {
    const document = await vscode.workspace.openTextDocument({ content: 'kubectl config use-context dev\n', language: 'plaintext' });
    const editor = await vscode.window.showTextDocument(document);
    const start = document.getText().indexOf('dev');
    editor.selection = new vscode.Selection(document.positionAt(start), document.positionAt(start + 3));
    // The editor context menu passes the document's URI; the target comes from the selection.
    assert.equal(await vscode.commands.executeCommand('qbo.stopCluster', document.uri), true);
    await waitForValue(() => soleInventory(api).findCluster('dev')?.[1].state === 'stopped', 'dev stopped');
    assert.equal(await vscode.commands.executeCommand('qbo.startCluster', document.uri), true);
    await waitForValue(() => soleInventory(api).findCluster('dev')?.[1].state === 'running', 'dev running');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('stops and starts all clusters (-A)', async () => {
    assert.equal(await vscode.commands.executeCommand('qbo.stopAllClusters'), true);
    await waitForValue(
      () =>
        soleInventory(api)
          .all('clusters')
          .every((cluster) => cluster.state === 'stopped'),
      'every cluster stopped',
    );
    assert.equal(await vscode.commands.executeCommand('qbo.startAllClusters'), true);
    await waitForValue(
      () =>
        soleInventory(api)
          .all('clusters')
          .every((cluster) => cluster.state === 'running'),
      'every cluster running',
    );
  });

  it('connects to a local emulator it starts itself', async () => {
    assert.equal(await vscode.commands.executeCommand('qbo.connectToEmulator'), true);
    await ready('Local emulator');
    assert.ok(api.emulator.isRunning);
    assert.deepEqual(clusterNames(), ['dev', 'prod']);
    assert.notEqual(
      api.manager.sole?.session?.profile.port,
      Number(new URL(config.emulatorUrl).port),
      'a second emulator, not the harness one',
    );
  });

  it('says when the link is lost and keeps the last known state', async () => {
    const before = api.provider.getChildren().length;
    api.emulator.stop();
    await waitForValue(() => /reconnecting in \d+ s/.test(api.statusBar.text), 'the status bar to count down a reconnect');
    assert.match(String(api.treeView.message), /last known state/);
    assert.equal(api.provider.getChildren().length, before, 'the tree keeps the last known state');
  });

  it('signs out of every profile', async () => {
    for (let i = 0; i < 5 && api.manager.sole?.active; i++) await vscode.commands.executeCommand('qbo.signOut');
    await waitForValue(() => soleStatus(api) === 'signed-out', 'signed out');
    assert.deepEqual(vscode.workspace.getConfiguration('qbo').get('profiles'), []);
    api.emulator.stop();
  });
});
