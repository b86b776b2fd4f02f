// What the server says besides the tree, in a real VS Code against the emulator: its version,
// the clients of the user's mirror, the CLI configuration (token masked) and the service-account
// workflow from a token sign-in to a switched profile. Runs after profiles.itest (signed out).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CreateServiceAccountResult } from '../../../src/commands/createServiceAccount';
import type { ShowCliConfigurationResult } from '../../../src/commands/showCliConfiguration';
import { parseCliJson } from '../../../src/qbo/credentials';
import type { PickText } from '../../../src/ui/serverText';
import { connected, profileReady, profilesReady, signOutOfEverything, soleStatus, testApi, type TestApi } from './testApi';
import { EmulatorProbe, PROBE_AGENT } from '../../support/emulatorProbe';
import { waitForValue } from '../../support/wait';
import { readIntegrationConfig } from '../config';

const config = readIntegrationConfig();
const credentials = parseCliJson(fs.readFileSync(config.cliJson, 'utf8'), config.cliJson);

describe('server facts and service accounts', function () {
  let api: TestApi;
  let token: string | undefined;
  let clustersOfFirstProfile: string[] = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qbo-it-server-'));
  const ready = (profile: string) => profileReady(api, profile);
  const clusterNames = () =>
    api.provider
      .getChildren()
      .map((element) => String(api.provider.getTreeItem(element).label))
      .sort();

  before(async () => {
    api = await testApi();
    await waitForValue(() => soleStatus(api) === 'signed-out', 'the signed-out state left by the previous suite');
    assert.equal(
      await vscode.commands.executeCommand('qbo.signInWithJson', fs.readFileSync(config.cliJson, 'utf8'), { name: 'it-server' }),
      true,
    );
    await ready('it-server');
    clustersOfFirstProfile = clusterNames();
    assert.ok(clustersOfFirstProfile.length > 0);
  });

  after(async () => {
    await signOutOfEverything(api);
    for (const name of ['it-server', 'it-token'])
      if (await api.hasStoredCredentials(name)) await vscode.commands.executeCommand('qbo.signOut', name);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('shows the server version and the connected clients in the status tooltip', async () => {
    await waitForValue(
      () => /\nServer version: \S/.test(api.statusBar.tooltip),
      `the server version in the tooltip (${api.statusBar.tooltip})`,
    );
    await waitForValue(
      () => api.statusBar.tooltip.includes('\n1 connected client'),
      `1 connected client in the tooltip (${api.statusBar.tooltip})`,
    );
  });

  it('Show Connected Clients lists both clients of the user, fetched fresh, with address, agent, since when and last command', async () => {
    const other = new EmulatorProbe(credentials);
    try {
      await other.open();
      await other.list('clusters');
      // The emulator pushes a fresh `clients` message to every socket of the user.
      await waitForValue(() => api.statusBar.tooltip.includes('\n2 connected clients'), `2 connected clients (${api.statusBar.tooltip})`);
      const rows = await vscode.commands.executeCommand<PickText[]>('qbo.showConnectedClients');
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      assert.equal(rows.length, 2, JSON.stringify(rows));
      // Each client shows the agent it named itself with: this window, and the test's probe.
      assert.deepEqual(rows.map((row) => row.description).sort(), [PROBE_AGENT, 'qbo-explorer (VS Code)'].sort());
      for (const row of rows) {
        assert.match(row.label, /^127\.0\.0\.1/);
        assert.match(row.detail ?? '', /^connected (just now|\d+ min ago) \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\)/);
      }
      assert.ok(
        rows.some((row) => /last command: qbo get clusters/.test(row.detail ?? '')),
        `the probe's last command is shown: ${JSON.stringify(rows)}`,
      );
    } finally {
      other.dispose();
    }
    await waitForValue(
      () => api.statusBar.tooltip.includes('\n1 connected client'),
      `back to 1 connected client (${api.statusBar.tooltip})`,
    );
  });

  it('Show CLI Configuration masks the token; Copy Token puts it on the clipboard', async () => {
    const result = await vscode.commands.executeCommand<ShowCliConfigurationResult>('qbo.showCliConfiguration', { copy: 0 });
    assert.equal(result.copied, true);
    const [row] = result.rows;
    assert.ok(row);
    assert.equal(row.label, `127.0.0.1:${credentials.port}`);
    assert.match(row.description ?? '', /^temporary token ••••••••\S{1,4}$/);
    token = await vscode.env.clipboard.readText();
    assert.ok(token.length >= 8, 'a token was copied');
    assert.ok(!JSON.stringify(result.rows).includes(token), 'the rows never hold the whole token');
  });

  it('from a token sign-in, Create Service Account stores the account, saves cli.json (backing up the old one) and switches: same clusters', async () => {
    assert.ok(token, 'needs the token of the previous test');
    assert.equal(
      await vscode.commands.executeCommand('qbo.signInWithToken', { host: '127.0.0.1', port: credentials.port, token, name: 'it-token' }),
      true,
    );
    // The token sign-in adds a profile beside it-server: same account, same world, two rows.
    await profilesReady(api, ['it-server', 'it-token']);
    const tokenProfile = connected(api, 'it-token');
    assert.equal(tokenProfile?.active.credentials.kind, 'token');
    assert.deepEqual(
      tokenProfile.inventory
        .all('clusters')
        .map((cluster) => cluster.name)
        .sort(),
      clustersOfFirstProfile,
    );

    const cliJson = path.join(tmp, '.qbo', 'cli.json');
    fs.mkdirSync(path.dirname(cliJson), { recursive: true });
    fs.writeFileSync(cliJson, '{"previous": true}\n');
    const pending = vscode.commands.executeCommand<CreateServiceAccountResult>('qbo.createServiceAccount', {
      profile: 'it-token',
      switchTo: true,
      saveCliJson: true,
      cliJsonPath: cliJson,
      replaceExisting: true,
    });
    // The e-mail box comes prefilled with the signed-in user (as the server names it): accept it.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const result = await pending;
    assert.ok(result, 'the command completed');
    assert.equal(result.profile, `${credentials.user} @ 127.0.0.1 (service account)`);
    assert.equal(result.switched, true);
    await ready(result.profile);
    assert.equal(api.manager.sole?.active?.credentials.kind, 'service-account');
    assert.deepEqual(clusterNames(), clustersOfFirstProfile, 'the new account sees the same world');
    assert.ok(
      (vscode.workspace.getConfiguration('qbo').get<{ name: string }[]>('profiles') ?? []).some((profile) => profile.name === 'it-token'),
      'the token profile is kept',
    );

    assert.equal(result.savedTo, cliJson);
    assert.equal(fs.statSync(cliJson).mode & 0o777, 0o600);
    const saved = parseCliJson(fs.readFileSync(cliJson, 'utf8'), cliJson);
    assert.equal(saved.kind, 'service-account');
    assert.equal(saved.user, credentials.user);
    assert.ok(result.backup);
    assert.equal(fs.readFileSync(result.backup, 'utf8'), '{"previous": true}\n');
    // Nothing secret went to the settings.
    const settings = JSON.stringify(vscode.workspace.getConfiguration('qbo').get('profiles'));
    assert.ok(saved.kind === 'service-account' && !settings.includes(saved.aux));
  });

  it('refuses an address that is not an e-mail before anything is sent, and stores nothing', async () => {
    const before = vscode.workspace.getConfiguration('qbo').get<unknown[]>('profiles')?.length;
    const result = await vscode.commands.executeCommand('qbo.createServiceAccount', { email: '-A', switchTo: false });
    // A failure the command reported (not a cancellation): commands resolve to false then.
    assert.equal(result, false);
    assert.equal(vscode.workspace.getConfiguration('qbo').get<unknown[]>('profiles')?.length, before);
  });
});
