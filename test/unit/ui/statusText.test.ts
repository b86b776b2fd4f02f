import * as assert from 'node:assert/strict';
import { statusBarText, type ConnectionSummary } from '../../../src/ui/statusText';

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
