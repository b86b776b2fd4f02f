import * as assert from 'node:assert/strict';
import * as l10n from '@vscode/l10n';
import { parseCliJson } from '../../../src/qbo/credentials';
import type { ProfileOrigin } from '../../../src/session/profileStore';
import type { ProfileState, SingleState } from '../../../src/session/sessionManager';
import { explorerStatus, messageChanges, profileRow, viewDescription, viewMessage } from '../../../src/ui/viewText';
import { TOKEN_CLI_JSON } from '../../support/fixtures';

type SessionStatus = Extract<ProfileState, { kind: 'session' }>['status'];

const session = (status: SessionStatus, origin: ProfileOrigin = 'secret-storage'): Extract<ProfileState, { kind: 'session' }> => ({
  kind: 'session',
  name: 'cloud',
  active: { profile: { name: 'cloud', host: 'nemo.cloud.qbo.io', port: 443 }, credentials: parseCliJson(TOKEN_CLI_JSON), origin },
  status,
});
const sourceLabel = (origin: string) => (origin === 'environment' ? 'QBO_* environment' : '~/.qbo/cli.json');

describe('Clusters view text', () => {
  it('shows one unchanging loading row while idle, connecting and loading (each change would be a tree refresh), and none once ready', () => {
    assert.deepEqual(explorerStatus({ kind: 'idle' }), { kind: 'loading', message: 'Connecting…' });
    assert.deepEqual(explorerStatus(session({ kind: 'connecting' })), { kind: 'loading', message: 'Connecting…' });
    assert.deepEqual(explorerStatus(session({ kind: 'loading' })), { kind: 'loading', message: 'Connecting…' });
    assert.deepEqual(explorerStatus(session({ kind: 'ready' })), { kind: 'ready' });
  });

  it('shows the welcome (signed-out) view when signed out, misconfigured or rejected', () => {
    assert.deepEqual(explorerStatus({ kind: 'signed-out' }), { kind: 'signed-out' });
    assert.deepEqual(explorerStatus({ kind: 'invalid', name: 'qbo CLI', message: 'bad port' }), { kind: 'signed-out' });
    assert.deepEqual(explorerStatus(session({ kind: 'credentials-rejected' })), { kind: 'signed-out' });
  });

  it('counts a reconnect down in whole seconds, never 0, in the row and above the tree', () => {
    const reconnecting = (delayMs: number) => session({ kind: 'reconnecting', delayMs, reason: 'closed (1006)' });
    assert.deepEqual(explorerStatus(reconnecting(4200)), { kind: 'loading', message: 'Reconnecting in 5 s…' });
    assert.deepEqual(explorerStatus(reconnecting(0)), { kind: 'loading', message: 'Reconnecting in 1 s…' });
    assert.equal(viewMessage(reconnecting(2000)), 'Connection lost: reconnecting in 2 s. Showing the last known state.');
  });

  it('shows listing failures and a closed connection as errors', () => {
    assert.deepEqual(explorerStatus(session({ kind: 'list-failed', message: 'timeout' })), {
      kind: 'error',
      message: 'Could not list clusters: timeout',
    });
    assert.deepEqual(explorerStatus(session({ kind: 'closed', reason: 'signed out' })), { kind: 'error', message: 'signed out' });
  });

  it('shows a server reason as one safe line: no link, no control characters, bounded', () => {
    const reason = `[Merge](command:qbo.mergeKubeconfig)\n${'x'.repeat(1000)}`;
    for (const status of [
      explorerStatus(session({ kind: 'list-failed', message: reason })),
      explorerStatus(session({ kind: 'closed', reason })),
    ]) {
      assert.equal(status.kind, 'error');
      const message = status.kind === 'error' ? status.message : '';
      assert.doesNotMatch(message, /\]\(command:/);
      assert.doesNotMatch(message, /\n/);
      assert.ok(message.length < 400, String(message.length));
      assert.match(message, /full text in the qbo output channel/);
    }
  });

  it('puts a message above the tree only when its content may be stale or the setup is broken', () => {
    assert.equal(
      viewMessage({ kind: 'invalid', name: 'qbo CLI', message: 'qbo_port is not a number' }),
      'The qbo CLI configuration is invalid: qbo_port is not a number',
    );
    assert.equal(viewMessage(session({ kind: 'credentials-rejected' })), 'nemo.cloud.qbo.io rejected the credentials of "cloud".');
    for (const state of [
      { kind: 'idle' },
      { kind: 'signed-out' },
      session({ kind: 'ready' }),
      session({ kind: 'loading' }),
    ] as SingleState[])
      assert.equal(viewMessage(state), undefined, state.kind);
  });

  it('assigns the message only when what it shows changes (a new view has "", which shows as nothing)', () => {
    assert.equal(messageChanges('', undefined), false);
    assert.equal(messageChanges(undefined, undefined), false);
    assert.equal(messageChanges('Connection lost', 'Connection lost'), false);
    assert.equal(messageChanges('', 'Connection lost'), true);
    assert.equal(messageChanges('Connection lost', undefined), true);
  });

  it('names the profile next to the title, and where credentials we did not store come from', () => {
    assert.equal(viewDescription(session({ kind: 'ready' }), sourceLabel), 'cloud');
    assert.equal(viewDescription(session({ kind: 'ready' }, 'cli-json'), sourceLabel), 'cloud (from ~/.qbo/cli.json)');
    assert.equal(viewDescription(session({ kind: 'ready' }, 'environment'), sourceLabel), 'cloud (from QBO_* environment)');
    assert.equal(viewDescription({ kind: 'signed-out' }, sourceLabel), undefined);
  });

  it('passes every text through the l10n bundle', () => {
    l10n.config({
      contents: {
        'Connecting…': '«Connecting…»',
        '{0} rejected the credentials of "{1}".': '«{0} rejected the credentials of "{1}".»',
        '{0} (from {1})/{0} is a profile name, {1} where its credentials come from, e.g. ~/.qbo/cli.json': '«{0} (from {1})»',
      },
    });
    try {
      assert.deepEqual(explorerStatus({ kind: 'idle' }), { kind: 'loading', message: '«Connecting…»' });
      assert.equal(viewMessage(session({ kind: 'credentials-rejected' })), '«nemo.cloud.qbo.io rejected the credentials of "cloud".»');
      assert.equal(viewDescription(session({ kind: 'ready' }, 'environment'), sourceLabel), '«cloud (from QBO_* environment)»');
    } finally {
      l10n.config({ contents: {} });
    }
  });
});

describe('a profile’s own row (several profiles connected)', () => {
  it('says who and where, and how the connection is, in a few words', () => {
    const ready = profileRow(session({ kind: 'ready' }), 'cloud-4.3.0', sourceLabel);
    assert.equal(ready.name, 'cloud');
    assert.equal(ready.account, 'nemo.cloud.qbo.io:443', 'a token has no user: host and port');
    assert.deepEqual([ready.state, ready.stateText, ready.serverVersion], ['connected', 'connected', 'cloud-4.3.0']);
    assert.deepEqual(
      [profileRow(session({ kind: 'reconnecting', delayMs: 3500, reason: 'closed' }), undefined, sourceLabel)].map((row) => [
        row.state,
        row.stateText,
      ]),
      [['reconnecting', 'reconnecting in 4 s']],
    );
    const rejected = profileRow(session({ kind: 'credentials-rejected' }), undefined, sourceLabel);
    assert.deepEqual([rejected.state, rejected.stateText], ['rejected', 'credentials rejected']);
    assert.equal(profileRow(session({ kind: 'ready' }, 'cli-json'), undefined, sourceLabel).source, '~/.qbo/cli.json');
    const invalid = profileRow({ kind: 'invalid', name: 'qbo CLI', message: 'bad port' }, undefined, sourceLabel);
    assert.deepEqual([invalid.state, invalid.stateText, invalid.account], ['error', 'bad port', undefined]);
  });

  it('names how many profiles are connected next to the title when there are several', () => {
    assert.equal(viewDescription(undefined, sourceLabel, 3), '3 profiles');
  });
});
