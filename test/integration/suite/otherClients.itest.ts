// Another client of the same user, seen in a real VS Code: it stops dev; the Activity view names it
// (through its provider), the Clusters view's dev row says so, and the user's Delete on dev stops at
// the conflict guard although this run turns qbo.confirm.delete off. Runs after hostile.itest
// (signed out at that point).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { ActivityElement } from '../../../src/activity/activityTree';
import { kubeconfigCommand, machineCommand } from '../../../src/qbo/commands';
import { parseCliJson } from '../../../src/qbo/credentials';
import { EmulatorProbe } from '../../support/emulatorProbe';
import { waitForValue } from '../../support/wait';
import { readIntegrationConfig } from '../config';
import { dialogShownBy } from './dialogs';
import { profileReady, signOutOfEverything, soleStatus, testApi, type TestApi } from './testApi';

const PROFILE = 'it-activity';
const OTHER_AGENT = 'qbo-cli/1.0 (integration test)';
const config = readIntegrationConfig();
const credentials = parseCliJson(fs.readFileSync(config.cliJson, 'utf8'), config.cliJson);
const USER = credentials.user ?? 'dev@localhost';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
const WHO = escapeRegExp(USER);
const AGENT = escapeRegExp(OTHER_AGENT);

describe('another client of the same account: Activity view, presence, conflict guard', function () {
  let api: TestApi;
  const other = new EmulatorProbe(credentials, OTHER_AGENT);

  /** The Activity view's rows as VS Code gets them: label and description. */
  const activityRows = (): { element: ActivityElement; label: string; description: string }[] =>
    api.activityProvider.getChildren().map((element) => {
      const item = api.activityProvider.getTreeItem(element);
      return { element, label: String(item.label), description: String(item.description ?? '') };
    });
  const devRow = () =>
    api.provider
      .getChildren()
      .map((element) => ({ element, item: api.provider.getTreeItem(element) }))
      .find(({ element, item }) => element.type === 'cluster' && item.label === 'dev');

  before(async () => {
    api = await testApi();
    await waitForValue(() => soleStatus(api) === 'signed-out', 'the signed-out state left by the previous suite');
    assert.equal(
      await vscode.commands.executeCommand('qbo.signInWithJson', fs.readFileSync(config.cliJson, 'utf8'), { name: PROFILE }),
      true,
    );
    await profileReady(api, PROFILE);
    assert.equal(await vscode.commands.executeCommand('qbo.clearActivity'), true);
    await other.open();
    if ((await other.clusterState('dev')) !== 'running') await vscode.commands.executeCommand('qbo.startCluster', 'dev');
  });

  after(async () => {
    other.dispose();
    // Leave dev running for the suites after this one.
    if (soleStatus(api) === 'ready') await vscode.commands.executeCommand('qbo.startCluster', 'dev');
    await signOutOfEverything(api);
    if (await api.hasStoredCredentials(PROFILE)) await vscode.commands.executeCommand('qbo.signOut', PROFILE);
  });

  it('counts the other client in the Activity view’s description', async () => {
    await waitForValue(
      () => api.activityView.description === `1 other client: ${USER} (${OTHER_AGENT})`,
      `the presence in the description (it says ${api.activityView.description ?? 'nothing'})`,
    );
  });

  it('another client stops dev: a row names it, the state change is tied to it, the Clusters view says so', async () => {
    await other.run(machineCommand('stop', 'clusters', [{ ref: { name: 'dev' }, cluster: 'dev' }]));
    assert.equal(await other.clusterState('dev'), 'stopped');
    const command = await waitForValue(
      () => activityRows().find((row) => row.label === `${USER}: qbo stop clusters dev`),
      `a row naming the other client's stop (rows: ${activityRows()
        .map((row) => row.label)
        .join(' | ')})`,
    );
    assert.match(command.description, new RegExp(`^${AGENT}, 127\\.0\\.0\\.1 · (just now|\\d+ s ago)$`));
    const state = await waitForValue(
      () => activityRows().find((row) => row.label === 'dev: running → stopped'),
      `the row of dev's state change (rows: ${activityRows()
        .map((row) => row.label)
        .join(' | ')})`,
    );
    assert.match(state.description, new RegExp(`^by ${WHO} · `));
    await waitForValue(
      () => activityRows().filter((row) => /^dev: \d+ pods? changed$/.test(row.label)).length === 1,
      `the pods of dev in one row (rows: ${activityRows()
        .map((row) => row.label)
        .join(' | ')})`,
    );
    const dev = await waitForValue(
      () => {
        const row = devRow();
        return row && /stopped it/.test(String(row.item.description)) ? row : undefined;
      },
      `dev's row to say who stopped it (it says ${String(devRow()?.item.description)})`,
    );
    assert.match(String(dev.item.description), new RegExp(`^stopped · ${WHO} stopped it (just now|\\d+ s ago)$`));
    assert.match((dev.item.tooltip as vscode.MarkdownString).value, /Recent activity/);
  });

  it("the user's Delete on dev shows the guard, naming the other client, although qbo.confirm.delete is off; nothing is deleted", async () => {
    assert.equal(vscode.workspace.getConfiguration('qbo').get('confirm.delete'), false, 'this run turns the delete confirmation off');
    const dialog = await dialogShownBy(api, 'qbo.deleteCluster', 'dev');
    assert.match(
      dialog,
      new RegExp(`Contents: ${WHO} \\(${AGENT}, 127\\.0\\.0\\.1\\) stopped dev (just now|\\d+ s ago)\\. Delete it anyway\\?`),
    );
    assert.equal(await other.clusterState('dev'), 'stopped', 'dev is still there');
  });

  it('a click on the row reveals dev in the Clusters view; the filter and Clear act on the rows', async () => {
    const state = activityRows().find((row) => row.label === 'dev: running → stopped');
    assert.ok(state);
    assert.equal(await vscode.commands.executeCommand('qbo.revealActivity', state.element), true);
    await waitForValue(
      () => api.treeView.selection.some((element) => element.type === 'cluster' && element.id === devRow()?.element.id),
      'dev selected in the Clusters view',
    );
    await vscode.commands.executeCommand('qbo.filterActivity', { kinds: ['other-command'] });
    assert.deepEqual(
      activityRows().map((row) => row.label),
      [`${USER}: qbo stop clusters dev`],
    );
    assert.match(api.activityView.description ?? '', /filtered: 1 kind/);
    await vscode.commands.executeCommand('qbo.filterActivity', { kinds: [], clusters: [] });
    assert.ok(activityRows().length >= 3);
    assert.equal(await vscode.commands.executeCommand('qbo.clearActivity'), true);
    await waitForValue(() => activityRows().length === 0, 'no rows after Clear');
  });

  it("the user's own start is recorded with its outcome and ends the note on dev", async () => {
    assert.equal(await vscode.commands.executeCommand('qbo.startCluster', 'dev'), true);
    const own = await waitForValue(
      () => activityRows().find((row) => row.label === 'You: qbo start clusters dev' && /^done in /.test(row.description)),
      `the own command's row (rows: ${activityRows()
        .map((row) => `${row.label} (${row.description})`)
        .join(' | ')})`,
    );
    assert.ok(own);
    await waitForValue(
      () => devRow()?.item.description === 'running',
      `dev's row to read "running" (${String(devRow()?.item.description)})`,
    );
  });

  it('qbo.activity.notify "others" in the user settings: one toast per other client command that changes a cluster, none for a read, none by default (a workspace cannot set it: application scope, test/unit/manifest.test.ts)', async () => {
    const settings = vscode.workspace.getConfiguration('qbo');
    const toasts = (since: number) =>
      api.shownMessages
        .slice(since)
        .filter((message) => !message.modal && message.severity === 'information' && message.message.includes(' ran '));
    const otherRow = (line: string) => activityRows().find((row) => row.label === `${USER}: ${line}`);
    try {
      // Off (the default): the other client's stop is recorded, no toast.
      let since = api.shownMessages.length;
      await other.run(machineCommand('stop', 'clusters', [{ ref: { name: 'dev' }, cluster: 'dev' }]));
      await waitForValue(() => otherRow('qbo stop clusters dev'), 'the row of the other client’s stop');
      assert.deepEqual(toasts(since), [], 'a toast while qbo.activity.notify is "never"');

      await settings.update('activity.notify', 'others', vscode.ConfigurationTarget.Global);
      since = api.shownMessages.length;
      await other.run(machineCommand('start', 'clusters', [{ ref: { name: 'dev' }, cluster: 'dev' }]));
      const toast = await waitForValue(() => toasts(since)[0], 'a toast for the other client’s start');
      assert.equal(toast.message, `qbo: ${USER} (${OTHER_AGENT}, 127.0.0.1) ran qbo start clusters dev`);
      // A read worth a row (routine listings get none): the other client takes dev's kubeconfig.
      await other.run(kubeconfigCommand({ name: 'dev' }));
      await waitForValue(() => otherRow('qbo get cluster dev -k'), 'the row of the other client’s kubeconfig read');
      assert.equal(toasts(since).length, 1, 'a read made a toast, or the start made more than one');
    } finally {
      await settings.update('activity.notify', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitForValue(
      () => devRow()?.item.description !== undefined && /^running/.test(String(devRow()?.item.description)),
      `dev running again (${String(devRow()?.item.description)})`,
    );
  });
});
