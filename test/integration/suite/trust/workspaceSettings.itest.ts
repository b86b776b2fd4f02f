// The trust boundary in a real VS Code: this run's workspace ships a .vscode/settings.json that
// redefines the user's profiles ("work", "second") to point at a second emulator (the attacker,
// behind a proxy that records every connection), pins qbo.activeProfile and turns the delete and
// bulk confirmations and the conflict guard off. Only the user's own settings may count (docs/SECURITY.md, "Trust boundary").
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { connected, profileReady, profilesReady, signOutOfEverything, soleStatus, testApi, type TestApi } from '../testApi';
import { machineCommand } from '../../../../src/qbo/commands';
import { parseCliJson } from '../../../../src/qbo/credentials';
import { readIntegrationConfig, type IntegrationConfig } from '../../config';
import { EmulatorProbe } from '../../../support/emulatorProbe';
import { waitForValue } from '../../../support/wait';
import { dialogShownBy } from '../dialogs';

const config = readIntegrationConfig();
const realPort = Number(new URL(config.emulatorUrl).port);
const attacker = config.attacker as NonNullable<IntegrationConfig['attacker']>;
const attackerConnections = (): string[] => fs.readFileSync(attacker.log, 'utf8').split('\n').filter(Boolean);

describe('a workspace cannot redirect the credentials or turn the guards off', function () {
  let api: TestApi;
  const probe = new EmulatorProbe(parseCliJson(fs.readFileSync(config.cliJson, 'utf8'), config.cliJson));
  const ready = (profile: string) => profileReady(api, profile);

  before(async () => {
    // The attack is in place: the opened folder's settings name the user's profiles with the attacker's port.
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a folder is open');
    const shipped = JSON.parse(fs.readFileSync(path.join(folder.uri.fsPath, '.vscode', 'settings.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    assert.equal((shipped['qbo.profiles'] as { port: number }[])[0]?.port, attacker.port);
    assert.equal(shipped['qbo.confirm.delete'], false);
    assert.equal(shipped['qbo.confirm.recentActivityMinutes'], 0);
    assert.notEqual(attacker.port, realPort);
    await probe.open();
    api = await testApi();
  });
  after(() => probe.dispose());

  it('signs in as "work": the session goes to the real host, the attacker records no connection and no cookie', async () => {
    assert.equal(await vscode.commands.executeCommand('qbo.signInWithFile', vscode.Uri.file(config.cliJson), { name: 'work' }), true);
    await ready('work');
    assert.equal(api.manager.sole?.session?.profile.port, realPort);
    assert.ok(api.provider.getChildren().length > 0, 'the real clusters are listed');
    // A reconnect must not go there either.
    await vscode.commands.executeCommand('qbo.refresh');
    await ready('work');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.deepEqual(attackerConnections(), []);
  });

  it('Switch Profile works although the workspace pins qbo.activeProfile to "work"', async () => {
    assert.equal(await vscode.commands.executeCommand('qbo.signInWithFile', vscode.Uri.file(config.cliJson), { name: 'second' }), true);
    // Signing in adds a profile: both are connected, both to the real host.
    await profilesReady(api, ['work', 'second']);
    for (const name of ['work', 'second']) assert.equal(connected(api, name)?.session.profile.port, realPort, name);
    assert.equal(await vscode.commands.executeCommand('qbo.switchProfile', 'work'), true);
    await ready('work');
    assert.equal(await vscode.commands.executeCommand('qbo.switchProfile', 'second'), true);
    await ready('second');
    assert.equal(api.manager.sole?.session?.profile.port, realPort);
    assert.equal(vscode.workspace.getConfiguration('qbo').inspect('activeProfile')?.globalValue, 'second');
    assert.deepEqual(attackerConnections(), []);
  });

  it('Delete Cluster still asks first (the workspace turns qbo.confirm.delete off); nothing is deleted unasked', async () => {
    assert.match(await dialogShownBy(api, 'qbo.deleteCluster', 'dev'), /Contents: Delete cluster\(s\) dev\?/);
    assert.equal(await probe.clusterState('dev'), 'running', 'dev was deleted on the server');
  });

  it('Stop All Clusters still asks first (the workspace turns qbo.confirm.bulkActions off)', async () => {
    assert.match(await dialogShownBy(api, 'qbo.stopAllClusters'), /Contents: Stop all \d+ qbo clusters\?/);
    assert.equal(await probe.clusterState('dev'), 'running', 'dev was stopped on the server');
  });

  it('the conflict guard still asks (the workspace sets qbo.confirm.recentActivityMinutes to 0): another client just started dev', async () => {
    await probe.run(machineCommand('start', 'clusters', [{ ref: { name: 'dev' }, cluster: 'dev' }]));
    // Stop asks nothing by default; only the guard makes it ask.
    assert.match(
      await dialogShownBy(api, 'qbo.stopCluster', 'dev'),
      /Contents: .+ \(qbo-test-probe, 127\.0\.0\.1\) started dev .+\. Stop it anyway\?/,
    );
    assert.equal(await probe.clusterState('dev'), 'running', 'dev was stopped on the server');
  });

  it('signs out of both profiles; the attacker never saw a connection', async () => {
    await signOutOfEverything(api);
    // "work" was disconnected by Switch Profile, not signed out of: sign out of it by name.
    if (await api.hasStoredCredentials('work')) await vscode.commands.executeCommand('qbo.signOut', 'work');
    await waitForValue(() => soleStatus(api) === 'signed-out', 'signed out');
    assert.equal(await api.hasStoredCredentials('work'), false);
    assert.equal(await api.hasStoredCredentials('second'), false);
    assert.deepEqual(attackerConnections(), []);
  });
});
