// The API other extensions get, in a real VS Code against the emulator: only the documented keys,
// the clusters and their changes; and the test-only path exists here because VS Code runs the
// extension under test. Runs after explorer.itest and ends signed out, as profiles.itest expects.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { exposesInternalsForTests, PUBLIC_API_KEYS, type QboExplorerApi } from '../../../src/api';
import { TEST_INTERNALS_COMMAND } from '../../../src/testHooks';
import { waitForValue } from '../../support/wait';
import { readIntegrationConfig } from '../config';
import { publicApi, soleStatus, testApi, type TestApi } from './testApi';

const config = readIntegrationConfig();

describe('API for other extensions', function () {
  let api: QboExplorerApi;
  let internals: TestApi;

  before(async () => {
    api = await publicApi();
    internals = await testApi();
  });

  it('exports only the documented, versioned keys', () => {
    assert.deepEqual(Reflect.ownKeys(api).sort(), [...PUBLIC_API_KEYS].sort());
    assert.equal(api.apiVersion, 1);
    assert.ok(Object.isFrozen(api));
    for (const internal of [
      'manager',
      'model',
      'provider',
      'treeView',
      'statusBar',
      'emulator',
      'activationMs',
      'logUri',
      'hasStoredCredentials',
    ])
      assert.ok(!(internal in api), internal);
  });

  it('reaches the internals only because VS Code runs the extension under test', async () => {
    assert.ok((await vscode.commands.getCommands(true)).includes(TEST_INTERNALS_COMMAND));
    assert.equal(typeof internals.manager.ensureStarted, 'function');
    assert.equal(exposesInternalsForTests(vscode.ExtensionMode.Test), true);
    assert.equal(exposesInternalsForTests(vscode.ExtensionMode.Production), false);
    assert.equal(exposesInternalsForTests(vscode.ExtensionMode.Development), false);
    const manifest = vscode.extensions.getExtension('qbo-explorer.qbo-explorer')?.packageJSON as {
      contributes: { commands: { command: string }[] };
    };
    assert.ok(!manifest.contributes.commands.some((command) => command.command === TEST_INTERNALS_COMMAND), 'not a contributed command');
  });

  it('lists the clusters of the active profile and tells when one changes', async () => {
    assert.equal(await vscode.commands.executeCommand('qbo.signInWithFile', vscode.Uri.file(config.cliJson), { name: 'it-api' }), true);
    const dev = await waitForValue(
      () => api.getClusters().find((cluster) => cluster.name === 'dev' && cluster.state === 'running'),
      'dev running',
    );
    assert.equal(typeof dev.id, 'string');
    assert.deepEqual(Object.keys(dev).sort(), ['id', 'name', 'profile', 'state']);
    assert.equal(dev.profile, 'it-api');
    assert.deepEqual(
      api.getProfiles().map((profile) => [profile.name, profile.state]),
      [['it-api', 'ready']],
    );
    let changes = 0;
    const subscription = api.onDidChangeClusters(() => changes++);
    try {
      assert.equal(await vscode.commands.executeCommand('qbo.stopCluster', 'dev'), true);
      await waitForValue(() => api.getClusters().find((cluster) => cluster.name === 'dev')?.state === 'stopped', 'dev stopped');
      assert.ok(changes > 0, 'onDidChangeClusters fired');
      assert.equal(await vscode.commands.executeCommand('qbo.startCluster', 'dev'), true);
      await waitForValue(() => api.getClusters().find((cluster) => cluster.name === 'dev')?.state === 'running', 'dev running again');
    } finally {
      subscription.dispose();
      await vscode.commands.executeCommand('qbo.signOut', 'it-api');
    }
    await waitForValue(() => soleStatus(internals) === 'signed-out', 'signed out');
    assert.deepEqual(api.getClusters(), []);
  });
});
