import * as assert from 'node:assert/strict';
import { connectionDetails, statusBarText, type ConnectionSummary } from '../../../src/ui/statusText';

const session = (status: Extract<ConnectionSummary, { kind: 'session' }>['status']): ConnectionSummary => ({
  kind: 'session',
  host: 'nemo.cloud.qbo.io',
  user: 'alex@qbo.io',
  profileName: 'cloud',
  status,
});

describe('status bar text', () => {
  it('says connected to HOST as USER', () => {
    const text = statusBarText(session({ kind: 'ready' }));
    assert.equal(text.text, '$(cloud) qbo: alex@qbo.io @ nemo.cloud.qbo.io');
    assert.equal(text.state, 'connected');
  });
  it('counts down a reconnect in whole seconds', () => {
    assert.equal(
      statusBarText(session({ kind: 'reconnecting', delayMs: 4200, reason: 'closed (1006)' })).text,
      '$(sync~spin) qbo: reconnecting in 5 s',
    );
  });
  it('says signed out and credentials rejected', () => {
    assert.equal(statusBarText({ kind: 'signed-out' }).state, 'signed-out');
    const rejected = statusBarText(session({ kind: 'credentials-rejected' }));
    assert.equal(rejected.text, '$(error) qbo: credentials rejected');
    assert.equal(rejected.state, 'rejected');
  });
});

describe('status bar text from a hostile server', () => {
  const CODICON = /\$\([A-Za-z0-9-]+(?:~[A-Za-z]+)?\)/g;
  const LINK = /\[[^\]]+\]\((?:https?:\/\/|command:|file:)[^)\s]+\)/;
  const hostile = '$(check) [Sign in](command:qbo.signInWithToken?%7B%22host%22%3A%22evil%22%7D)\n\u202e';

  it('shows only its own icon, whatever the user, host or reason says', () => {
    for (const status of [
      { kind: 'ready' },
      { kind: 'connecting' },
      { kind: 'list-failed', message: hostile },
      { kind: 'reconnecting', delayMs: 1000, reason: hostile },
      { kind: 'closed', reason: hostile },
    ] as const) {
      const text = statusBarText({ kind: 'session', host: `evil$(bug).example`, user: hostile, profileName: hostile, status });
      assert.equal(text.text.match(CODICON)?.length, 1, `${status.kind}: ${text.text}`);
      assert.ok(text.text.startsWith('$('), text.text);
      assert.doesNotMatch(text.tooltip, CODICON, `${status.kind}: ${text.tooltip}`);
      assert.doesNotMatch(text.tooltip, LINK);
      assert.doesNotMatch(`${text.text}${text.tooltip}`, /[\n\u202e]/);
    }
  });

  it('keeps the status bar short: a long user or host is cut', () => {
    const text = statusBarText(session({ kind: 'ready' }));
    const long = statusBarText({ ...(session({ kind: 'ready' }) as object), user: 'u'.repeat(500) } as ConnectionSummary);
    assert.ok(long.text.length < text.text.length + 70, long.text);
  });
});

describe('status bar tooltip details', () => {
  const NOW = Date.UTC(2026, 10, 29, 13, 0, 0);
  const withDetails = (status: Extract<ConnectionSummary, { kind: 'session' }>['status'], details: object): ConnectionSummary => ({
    ...(session(status) as Extract<ConnectionSummary, { kind: 'session' }>),
    details,
  });

  it('adds the connected clients, the server version and the expiry while connected', () => {
    const text = statusBarText(
      withDetails({ kind: 'ready' }, { clients: 3, serverVersion: '4.3.0', expiresAt: NOW + 2 * 86_400_000 }),
      NOW,
    );
    assert.deepEqual(text.tooltip.split('\n'), [
      'qbo: connected to nemo.cloud.qbo.io as alex@qbo.io (profile cloud)',
      '3 connected clients',
      'Server version: 4.3.0',
      'Credentials expire on 2026-12-01 13:00 UTC (in 2 days)',
    ]);
    assert.equal(statusBarText(withDetails({ kind: 'ready' }, { clients: 1 }), NOW).tooltip.split('\n')[1], '1 connected client');
  });

  it('keeps only the expiry once the link is down, and nothing extra without details', () => {
    const rejected = statusBarText(
      withDetails({ kind: 'credentials-rejected' }, { clients: 2, serverVersion: '4.3.0', expiresAt: NOW - 1000 }),
      NOW,
    );
    assert.deepEqual(rejected.tooltip.split('\n').slice(1), ['Credentials expired on 2026-11-29 12:59 UTC']);
    assert.equal(statusBarText(session({ kind: 'ready' })).tooltip, 'qbo: connected to nemo.cloud.qbo.io as alex@qbo.io (profile cloud)');
  });
});

describe('connection details for the tooltip', () => {
  it('counts clients, summarises the version and reads the expiry (seconds or milliseconds)', () => {
    assert.deepEqual(connectionDetails({ clients: [{}, {}], version: [{ version: '2.4.1' }] }, { exp: 1_900_000_000 }), {
      clients: 2,
      serverVersion: '2.4.1',
      expiresAt: 1_900_000_000_000,
    });
    assert.deepEqual(connectionDetails(undefined, { exp: 1_900_000_000_123 }), { expiresAt: 1_900_000_000_123 });
  });

  it('leaves out what is not known yet', () => {
    assert.deepEqual(connectionDetails(undefined, undefined), {});
    assert.deepEqual(connectionDetails({ clients: undefined, version: [] }, { exp: undefined }), {});
  });
});
