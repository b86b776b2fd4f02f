// Sign-in paths, profiles and the remaining commands, in a real VS Code against the emulator.
// Runs after explorer.itest (signed out at that point).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { waitForValue } from '../../support/wait';
import { readIntegrationConfig } from '../config';
import { EmulatorProbe } from '../../support/emulatorProbe';
import { parseCliJson } from '../../../src/qbo/credentials';
import type { TreeElement } from '../../../src/explorer/treeElements';
import { connected, profileReady, profilesReady, signOutOfEverything, soleInventory, soleStatus, testApi, type TestApi } from './testApi';

const config = readIntegrationConfig();

describe('sign-in paths and profiles', function () {
  let api: TestApi;
  const ready = (profile: string) => profileReady(api, profile);
  const clusterNames = () => api.provider.getChildren().map((element) => String(api.provider.getTreeItem(element).label));

  const probe = new EmulatorProbe(parseCliJson(fs.readFileSync(config.cliJson, 'utf8'), config.cliJson));
  after(() => probe.dispose());

  before(async () => {
    await probe.open();
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
    // Signing in adds an account: the new profile is connected beside "pasted".
    const name = await waitForValue(
      () => api.manager.profiles.map((profile) => profile.name).find((candidate) => candidate !== 'pasted'),
      'a second connected profile',
    );
    assert.match(name, /@ 127\.0\.0\.1$/);
    await profilesReady(api, ['pasted', name]);
    assert.deepEqual(
      api.provider.getChildren().map((element) => element.type),
      ['profile', 'profile'],
      'one row per profile',
    );
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

  it('connects to a local emulator it starts itself, beside the profile connected now: both trees live', async () => {
    assert.equal(await vscode.commands.executeCommand('qbo.connectToEmulator'), true);
    await profilesReady(api, ['pasted', 'Local emulator']);
    assert.ok(api.emulator.isRunning);
    const local = connected(api, 'Local emulator');
    assert.notEqual(local?.session.profile.port, Number(new URL(config.emulatorUrl).port), 'a second emulator, not the harness one');
    // The roots are the two profiles, each with its own clusters below.
    const rows = api.provider.getChildren();
    assert.deepEqual(
      rows.map((row) => String(api.provider.getTreeItem(row).label)),
      ['Local emulator', 'pasted'],
    );
    const localRow = rows[0] as TreeElement;
    const localClusters = () => api.provider.getChildren(localRow).map((row) => String(api.provider.getTreeItem(row).label));
    assert.deepEqual(localClusters(), ['dev', 'prod']);
    assert.match(api.statusBar.text, /qbo: 2 connected/);
  });

  it('stops `dev` of the second profile while the first also has a `dev`: only the second changes', async () => {
    const local = connected(api, 'Local emulator');
    const pasted = connected(api, 'pasted');
    assert.ok(local && pasted);
    const localDev = local.inventory.findCluster('dev');
    assert.ok(localDev && pasted.inventory.findCluster('dev'), 'both profiles have a dev');
    const row = api.model.entityElement('Local emulator', 'cluster', localDev[0]);
    assert.equal(await vscode.commands.executeCommand('qbo.stopCluster', row), true);
    await waitForValue(() => local.inventory.findCluster('dev')?.[1].state === 'stopped', 'the local dev stopped');
    assert.equal(pasted.inventory.findCluster('dev')?.[1].state, 'running', 'the other account’s dev still runs');
    assert.equal(await probe.clusterState('dev'), 'running', 'the harness server’s dev was not touched');
    // (Not started again: the local emulator boots at realistic speed, longer than the single
    // dialect's 5 s request timeout; the next test stops that emulator anyway.)
  });

  it('says when one profile’s link is lost and keeps its last known state; the other stays connected', async () => {
    const localRow = api.model.profileElement('Local emulator') as TreeElement;
    const before = api.provider.getChildren(localRow).length;
    api.emulator.stop();
    await waitForValue(
      () => /reconnecting in \d+ s/.test(String(api.provider.getTreeItem(localRow).description)),
      'the profile row to count down a reconnect',
    );
    assert.match(api.statusBar.text, /qbo: 1 of 2 connected/);
    assert.equal(api.provider.getChildren(localRow).length, before, 'the tree keeps the last known state');
    assert.equal(connected(api, 'pasted')?.session.status.kind, 'ready');
  });

  it('disconnects one profile: its rows go, the other is alone again and looks as with one profile', async () => {
    assert.equal(await vscode.commands.executeCommand('qbo.disconnectProfile', { profile: 'Local emulator' }), true);
    await ready('pasted');
    assert.ok(clusterNames().includes('dev'), 'the clusters are the roots again');
    assert.equal(api.treeView.description, 'pasted');
    assert.equal(await api.hasStoredCredentials('Local emulator'), true, 'disconnecting keeps the credentials');
  });

  it('signs out of every profile', async () => {
    await signOutOfEverything(api);
    for (let i = 0; i < 5 && (vscode.workspace.getConfiguration('qbo').get<unknown[]>('profiles') ?? []).length > 0; i++) {
      const [first] = vscode.workspace.getConfiguration('qbo').get<{ name: string }[]>('profiles') ?? [];
      if (first) await vscode.commands.executeCommand('qbo.signOut', first.name);
    }
    assert.deepEqual(vscode.workspace.getConfiguration('qbo').get('profiles'), []);
  });
});
