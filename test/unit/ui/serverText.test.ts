import * as assert from 'node:assert/strict';
import {
  cliConfigurationItems,
  connectedClientItems,
  expiryOf,
  expiryText,
  formatUtc,
  maskSecret,
  timeAgo,
  timestampMillis,
  versionSummary,
} from '../../../src/ui/serverText';

const NOW = Date.UTC(2026, 10, 29, 13, 0, 0);
const MINUTE = 60_000;
const DAY = 86_400_000;

describe('server text', () => {
  describe('version', () => {
    it('takes the release-like value of each free-form entry', () => {
      assert.equal(versionSummary([{ version: 'cloud-dev-4.3.0-ac72a519a', node: 'v20' }]), 'cloud-dev-4.3.0-ac72a519a');
      assert.equal(versionSummary([{ api: '4.3.0' }, { build: 17 }]), '4.3.0; 17');
    });
    it('falls back to the first key: value pairs, and says nothing for nothing', () => {
      assert.equal(versionSummary([{ host: 'eadem', commit: 'eae6ee8', x: 1, y: 2 }]), 'host: eadem, commit: eae6ee8, x: 1');
      assert.equal(versionSummary([]), undefined);
      // The observed shape: qbo_api is the server version, whatever else the entries hold.
      const observed = [
        { qbo_cli: 'cloud-4.2.9' },
        { docker_api: '1.45', docker_version: '26.1.4', qbo_api: 'cloud-4.3.0', host: 'eadem' },
      ];
      assert.equal(versionSummary(observed), 'cloud-4.3.0');
      assert.equal(versionSummary([...observed, { version: 'qbo emulator 0.1.0' }]), 'cloud-4.3.0');
      assert.equal(versionSummary(undefined), undefined);
      assert.equal(versionSummary([{ nested: { version: '1' } }]), undefined);
    });
    it('never shows control characters or a run-on value', () => {
      const summary = versionSummary([{ version: `4.3\n\u001b[31m${'x'.repeat(300)}` }]) ?? '';
      assert.ok(!summary.includes('\n') && !summary.includes('\u001b'), summary);
      assert.ok(summary.length <= 120, String(summary.length));
    });
  });

  describe('connected clients', () => {
    it('lists address, agent, since when and the last command, newest first', () => {
      const items = connectedClientItems(
        [
          { address: '10.0.0.7', agent: 'qbo-cli/1.2', timestamp: (NOW - 3 * 3_600_000) * 1000, command: 'qbo stop clusters dev' },
          { address: '127.0.0.1', agent: 'qbo-explorer/0.1.0', timestamp: (NOW - 5 * MINUTE) * 1000, command: 'get clusters -A' },
        ],
        NOW,
      );
      assert.deepEqual(items, [
        {
          label: '127.0.0.1',
          description: 'qbo-explorer/0.1.0',
          detail: `connected 5 min ago (${formatUtc(NOW - 5 * MINUTE)}) · last command: qbo get clusters -A`,
        },
        {
          label: '10.0.0.7',
          description: 'qbo-cli/1.2',
          detail: `connected 3 h ago (${formatUtc(NOW - 3 * 3_600_000)}) · last command: qbo stop clusters dev`,
        },
      ]);
    });
    it('says what it does not know instead of showing blanks', () => {
      assert.deepEqual(connectedClientItems([{ host: 'eadem.cloud.qbo.io' }, {}], NOW), [
        { label: 'eadem.cloud.qbo.io', description: 'unknown client', detail: 'connected at an unknown time · no command yet' },
        { label: 'unknown address', description: 'unknown client', detail: 'connected at an unknown time · no command yet' },
      ]);
    });
    it('reads timestamps in microseconds, milliseconds or seconds', () => {
      assert.equal(timestampMillis(1686713251461070), 1686713251461);
      assert.equal(timestampMillis(1686713251461), 1686713251461);
      assert.equal(timestampMillis(1686713251), 1686713251000);
      assert.equal(timestampMillis(0), undefined);
      assert.equal(timestampMillis(undefined), undefined);
    });
    it('says how long ago in the largest fitting unit', () => {
      assert.equal(timeAgo(NOW - 5_000, NOW), 'just now');
      assert.equal(timeAgo(NOW + 60_000, NOW), 'just now');
      assert.equal(timeAgo(NOW - 59 * MINUTE, NOW), '59 min ago');
      assert.equal(timeAgo(NOW - 47 * 60 * MINUTE, NOW), '47 h ago');
      assert.equal(timeAgo(NOW - 3 * DAY, NOW), '3 days ago');
    });
  });

  describe('CLI configuration', () => {
    const token = '33820cc1-d513-4fa8-88ac-1adb008c3864';
    it('masks the token, keeping at most its last four characters', () => {
      const [item] = cliConfigurationItems([{ qbo_port: 443, qbo_host: '172.17.0.1', qbo_uid: token }]);
      assert.deepEqual(item, { label: '172.17.0.1:443', description: 'temporary token ••••••••3864' });
      assert.ok(!JSON.stringify(item).includes(token.slice(0, 8)));
      assert.equal(maskSecret('short-secret'), '••••••••');
    });
    it('names a service-account key and missing parts', () => {
      assert.deepEqual(cliConfigurationItems([{ qbo_uid: { kty: 'EC' }, qbo_user: 'alex@qbo.io' }, {}]), [
        { label: 'unknown host:?', description: 'service account public key', detail: 'alex@qbo.io' },
        { label: 'unknown host:?', description: 'no token' },
      ]);
    });
  });

  describe('credential expiry', () => {
    it('is unknown without exp, later beyond three days, soon within, expired after', () => {
      assert.deepEqual(expiryOf(undefined, NOW), { kind: 'unknown' });
      assert.deepEqual(expiryOf(NOW + 10 * DAY, NOW), { kind: 'later', at: NOW + 10 * DAY });
      assert.deepEqual(expiryOf(NOW + 2.5 * DAY, NOW), { kind: 'soon', at: NOW + 2.5 * DAY, daysLeft: 3 });
      assert.deepEqual(expiryOf(NOW - 1, NOW), { kind: 'expired', at: NOW - 1 });
    });
    it('says when, in UTC', () => {
      assert.equal(expiryText(expiryOf(undefined, NOW)), undefined);
      assert.equal(expiryText(expiryOf(NOW + 10 * DAY, NOW)), 'Credentials expire on 2026-12-09 13:00 UTC');
      assert.equal(expiryText(expiryOf(NOW + 2 * DAY, NOW)), 'Credentials expire on 2026-12-01 13:00 UTC (in 2 days)');
      assert.equal(expiryText(expiryOf(NOW + 3_600_000, NOW)), 'Credentials expire on 2026-11-29 14:00 UTC (within a day)');
      assert.equal(expiryText(expiryOf(NOW - DAY, NOW)), 'Credentials expired on 2026-11-28 13:00 UTC');
    });
  });
});
