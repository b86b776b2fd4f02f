import * as assert from 'node:assert/strict';
import { CredentialsError, parseCliJson, type ServiceAccountCredentials } from '../../../src/qbo/credentials';
import {
  createdServiceAccount,
  pointedAt,
  serviceAccountCliJson,
  serviceAccountProfileName,
  serviceAccountServer,
  cliJsonBackupName,
} from '../../../src/session/serviceAccount';

// The spec's service account (docs/PROTOCOL.md §2): public half and qbo_aux only.
const key = {
  crv: 'P-521',
  kty: 'EC',
  x: 'AMu-cWn4gmkQiCAJMeW4BfZUAhPwAA3rROnw6nGUk8hl3bvV7gKKng2Eov6oxTvg70kulH6Nbq2wvJbAzyAjnPlT',
  y: 'Ab7VgSfOzG-7IgRF6ffUn5E0J43eDL8_vFtFtP7RihVgNBMUeZzo0yaskfx59SdqnL8q24wEHSTp4dDUxNal3kQ1',
};
const AUX = '66fac858-a271-49cf-bad0-fdd9ff0b4787';
const cli = { qbo_uid: key, qbo_aux: AUX, qbo_port: 443, qbo_host: 'nemo.cloud.qbo.io', qbo_user: 'alex@qbo.io' };
const server = { host: '127.0.0.1', port: 9601 };

describe('service account from get user -c', () => {
  it('reads users[].cli as the spec shows it', () => {
    const credentials = createdServiceAccount([{ email: 'alex@qbo.io', cli }], server, 'reply');
    assert.equal(credentials.kind, 'service-account');
    assert.deepEqual(credentials.publicKey, key);
    assert.equal(credentials.aux, AUX);
    assert.equal(credentials.host, 'nemo.cloud.qbo.io');
    assert.equal(credentials.port, 443);
    assert.equal(credentials.user, 'alex@qbo.io');
  });

  it('reads the .cli.conf shape, with exp beside conf', () => {
    const credentials = createdServiceAccount([{ cli: { exp: 1_900_000_000, conf: cli } }], server, 'reply');
    assert.equal(credentials.aux, AUX);
    assert.equal(credentials.exp, 1_900_000_000);
  });

  it('takes host and port of the server that answered when the cli omits them', () => {
    const { qbo_uid, qbo_aux } = cli;
    const credentials = createdServiceAccount([{}, { cli: { qbo_uid, qbo_aux, qbo_host: null } }], server, 'reply');
    assert.equal(credentials.host, '127.0.0.1');
    assert.equal(credentials.port, 9601);
  });

  it('refuses a reply without a service account, naming the field and never a value', () => {
    assert.throws(() => createdServiceAccount([{ email: 'alex@qbo.io' }], server, 'reply'), /users\[\]\.cli is missing/);
    const token = '33820cc1-d513-4fa8-88ac-1adb008c3864';
    assert.throws(
      () => createdServiceAccount([{ cli: { qbo_uid: token, qbo_host: 'h', qbo_port: 1 } }], server, 'reply'),
      (error: unknown) => error instanceof CredentialsError && /not a public key/.test(error.message) && !error.message.includes(token),
    );
    assert.throws(
      () => createdServiceAccount([{ cli: { qbo_uid: key } }], server, 'reply'),
      (error: unknown) => error instanceof CredentialsError && error.field === 'qbo_aux',
    );
  });

  it('keeps the current server unless the reply names another one, which the user must then accept', () => {
    const current = { host: 'nemo.cloud.qbo.io', port: 443 };
    assert.deepEqual(serviceAccountServer(current, { host: 'nemo.cloud.qbo.io', port: 443 }), { kind: 'same' });
    // DNS names compare case-insensitively; a trailing dot or IPv6 brackets name the same host.
    assert.deepEqual(serviceAccountServer(current, { host: 'NEMO.cloud.qbo.io.', port: 443 }), { kind: 'same' });
    assert.deepEqual(serviceAccountServer({ host: '::1', port: 9601 }, { host: '[::1]', port: 9601 }), { kind: 'same' });
    assert.deepEqual(serviceAccountServer(current, { host: 'evil.example', port: 443 }), {
      kind: 'differs',
      current,
      offered: { host: 'evil.example', port: 443 },
    });
    assert.deepEqual(serviceAccountServer(current, { host: 'nemo.cloud.qbo.io', port: 8443 }), {
      kind: 'differs',
      current,
      offered: { host: 'nemo.cloud.qbo.io', port: 8443 },
    });
    // The reply's server was refused: the stored account (and its cli.json) points where the profile did.
    const offered = createdServiceAccount([{ cli: { ...cli, qbo_host: 'evil.example', qbo_port: 9 } }], current, 'reply');
    const kept = pointedAt(offered, current);
    assert.equal(kept.host, 'nemo.cloud.qbo.io');
    assert.equal(kept.port, 443);
    assert.equal(kept.aux, AUX);
    assert.match(serviceAccountCliJson(kept), /"qbo_host": "nemo\.cloud\.qbo\.io"/);
    assert.doesNotMatch(serviceAccountCliJson(kept), /evil/);
  });

  it('names a new profile no existing profile has', () => {
    const credentials = createdServiceAccount([{ cli }], server, 'reply');
    const base = 'alex@qbo.io @ nemo.cloud.qbo.io (service account)';
    assert.equal(serviceAccountProfileName(credentials, ['alex@qbo.io @ nemo.cloud.qbo.io']), base);
    assert.equal(serviceAccountProfileName(credentials, [base, `${base} 2`]), `${base} 3`);
  });

  it('writes the vendor cli.json that signs in again to the same account, without a private key', () => {
    const credentials = createdServiceAccount([{ cli: { ...cli, d: 'private-scalar' } }], server, 'reply');
    const text = serviceAccountCliJson(credentials);
    assert.ok(!text.includes('private-scalar'));
    const again = parseCliJson(text, 'written') as ServiceAccountCredentials;
    assert.deepEqual(
      { kind: again.kind, publicKey: again.publicKey, aux: again.aux, host: again.host, port: again.port, user: again.user },
      { kind: 'service-account', publicKey: key, aux: AUX, host: 'nemo.cloud.qbo.io', port: 443, user: 'alex@qbo.io' },
    );
    assert.deepEqual(Object.keys(JSON.parse(text) as object), ['qbo_uid', 'qbo_aux', 'qbo_port', 'qbo_host', 'qbo_user']);
  });

  it('names backups by UTC time, next to the file', () => {
    assert.equal(
      cliJsonBackupName('/h/.qbo/cli.json', new Date(Date.UTC(2026, 10, 29, 13, 5, 1, 250))),
      '/h/.qbo/cli.json.qbo-backup-20261129T130501Z',
    );
  });
});
