// A hostile server's text in a real VS Code: an emulator playing `--hostile links` puts
// `[Fix it now](command:qbo.mergeKubeconfig?…)`, codicons and control characters into its output
// lines and error statuses. A command that fails there shows a notification whose text VS Code
// cannot turn into a link or an icon (src/ui/safeText.ts), as handed to VS Code. Runs after
// server.itest (signed out), and signs out again.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { HOSTILE_LINK } from '../../../src/emulator/hostile';
import { MARKUP_BREAK } from '../../../src/ui/safeText';
import { readIntegrationConfig } from '../config';
import { profileReady, signOutOfEverything, soleStatus, testApi, type TestApi } from './testApi';
import { waitForValue } from '../../support/wait';

const config = readIntegrationConfig();
// What VS Code's notifications render as a link, and what its labels render as an icon.
const LINK = /\[[^\]]+\]\((?:https?:\/\/|command:|file:)[^)\s]+\)/i;
const CODICON = /\$\([A-Za-z0-9-]+(?:~[A-Za-z]+)?\)/;
// eslint-disable-next-line no-control-regex -- what must never be shown
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/;

describe('server text in notifications', function () {
  let api: TestApi;
  const PROFILE = 'it-hostile-links';

  before(async () => {
    if (!config.linksCliJson) throw new Error('the integration runner did not start the --hostile links emulator');
    api = await testApi();
    await waitForValue(() => soleStatus(api) === 'signed-out', 'the signed-out state left by the previous suite');
    assert.equal(
      await vscode.commands.executeCommand('qbo.signInWithJson', fs.readFileSync(config.linksCliJson, 'utf8'), { name: PROFILE }),
      true,
    );
    await profileReady(api, PROFILE);
  });

  after(async () => {
    await signOutOfEverything(api);
    if (await api.hasStoredCredentials(PROFILE)) await vscode.commands.executeCommand('qbo.signOut', PROFILE);
  });

  it('shows a failed command whose server reason carries a command link without a link, an icon or a control character', async () => {
    const before = api.shownMessages.length;
    // `dev` exists: the server refuses with 409 and its (hostile) reason.
    assert.equal(await vscode.commands.executeCommand('qbo.addCluster', { name: 'dev' }), false, 'the command failed');
    const shown = await waitForValue(
      () => api.shownMessages.slice(before).find((message) => message.severity === 'error'),
      'the error notification',
    );
    assert.equal(shown.modal, false);
    assert.doesNotMatch(shown.message, LINK, shown.message);
    assert.doesNotMatch(shown.message, /command:/i, shown.message);
    assert.doesNotMatch(shown.message, CODICON, shown.message);
    assert.doesNotMatch(shown.message, CONTROL, JSON.stringify(shown.message));
    // It still says what the server said: the user reads the link's text, it just does nothing.
    assert.ok(shown.message.split(MARKUP_BREAK).join('').includes(HOSTILE_LINK.slice(0, 40)), shown.message);
    assert.match(shown.message, /add cluster dev/);
  });
});
