import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compactDecrypt, decodeProtectedHeader, importJWK } from 'jose';
import {
  buildCookie,
  credentialsExpired,
  credentialsFromEnvironment,
  CredentialsError,
  defaultCliJsonPath,
  describeCredentials,
  discoverCredentials,
  looksLikeCliJson,
  makeServiceAccountJwe,
  parseCliJson,
  readCliJsonFile,
} from '../../../src/qbo/credentials';
import { SERVICE_ACCOUNT_CLI_JSON, TEST_VECTOR, TOKEN_CLI_JSON } from '../../support/fixtures';

const SECRET_STRINGS = [TEST_VECTOR.aux, TOKEN_CLI_JSON.qbo_uid];

function refuses(action: () => unknown, field: string): void {
  assert.throws(action, (error: unknown) => {
    assert.ok(error instanceof CredentialsError, String(error));
    assert.equal(error.field, field);
    for (const secret of SECRET_STRINGS) assert.ok(!error.message.includes(secret), 'error echoes a secret');
    return true;
  });
}

describe('credentials', () => {
  it('parses the service-account cli.json of the spec', () => {
    const credentials = parseCliJson(JSON.stringify(SERVICE_ACCOUNT_CLI_JSON), 'test');
    assert.equal(credentials.kind, 'service-account');
    assert.equal(credentials.host, 'nemo.cloud.qbo.io');
    assert.equal(credentials.port, 443);
    assert.equal(credentials.user, 'alex@qbo.io');
    if (credentials.kind === 'service-account') assert.deepEqual(credentials.publicKey, TEST_VECTOR.publicJwk);
  });

  it('parses the .cli.conf variant, a cli wrapper and a one-element list', () => {
    for (const shape of [
      { exp: 1700000000, conf: SERVICE_ACCOUNT_CLI_JSON },
      { cli: { exp: 1700000000, conf: SERVICE_ACCOUNT_CLI_JSON } },
      [{ exp: 1700000000, conf: SERVICE_ACCOUNT_CLI_JSON }],
    ]) {
      const credentials = parseCliJson(shape);
      assert.equal(credentials.kind, 'service-account');
      assert.equal(credentials.exp, 1700000000);
    }
  });

  it('parses the temporary token and builds its cookie with an empty aux', async () => {
    const credentials = parseCliJson(TOKEN_CLI_JSON);
    assert.equal(credentials.kind, 'token');
    assert.equal(await buildCookie(credentials), `qbo_uid=${TOKEN_CLI_JSON.qbo_uid}; qbo_aux=`);
  });

  it('accepts a port given as a string and drops a private key that came along', () => {
    const credentials = parseCliJson({
      ...SERVICE_ACCOUNT_CLI_JSON,
      qbo_port: '9601',
      qbo_uid: { ...TEST_VECTOR.publicJwk, d: TEST_VECTOR.d },
    });
    assert.equal(credentials.port, 9601);
    assert.ok(!JSON.stringify(credentials).includes(TEST_VECTOR.d));
  });

  it('names the missing or malformed field and never echoes a secret', () => {
    const base = SERVICE_ACCOUNT_CLI_JSON;
    refuses(() => parseCliJson('{not json'), 'configuration');
    refuses(() => parseCliJson('[]'), 'configuration');
    refuses(() => parseCliJson({ qbo_host: 'h', qbo_port: 1 }), 'qbo_uid');
    refuses(() => parseCliJson({ ...base, qbo_aux: undefined }), 'qbo_aux');
    refuses(() => parseCliJson({ ...base, qbo_aux: 'has space ' + TEST_VECTOR.aux }), 'qbo_aux');
    refuses(() => parseCliJson({ ...base, qbo_host: 'wss://host/' }), 'qbo_host');
    refuses(() => parseCliJson({ ...base, qbo_port: 70000 }), 'qbo_port');
    refuses(() => parseCliJson({ ...base, qbo_port: 'https' }), 'qbo_port');
    refuses(() => parseCliJson({ ...base, qbo_uid: { ...base.qbo_uid, crv: 'P-256' } }), 'qbo_uid.crv');
    refuses(() => parseCliJson({ ...base, qbo_uid: { ...base.qbo_uid, kty: 'RSA' } }), 'qbo_uid.kty');
    refuses(() => parseCliJson({ ...base, qbo_uid: { ...base.qbo_uid, x: undefined } }), 'qbo_uid.x');
    refuses(() => parseCliJson({ ...base, qbo_uid: { ...base.qbo_uid, y: 'not base64url!' } }), 'qbo_uid.y');
    refuses(() => parseCliJson({ ...TOKEN_CLI_JSON, qbo_uid: '' }), 'qbo_uid');
    refuses(() => parseCliJson({ ...TOKEN_CLI_JSON, qbo_uid: 42 }), 'qbo_uid');
  });

  it('makes a JWE that decrypts with the published d back to qbo_aux (test vector)', async () => {
    const jwe = await makeServiceAccountJwe(TEST_VECTOR.publicJwk, TEST_VECTOR.aux);
    const header = decodeProtectedHeader(jwe);
    assert.equal(header.alg, 'ECDH-ES');
    assert.equal(header.enc, 'A256CBC-HS512');
    assert.equal(jwe.split('.')[1], '', 'direct key agreement has an empty encrypted-key segment');
    const privateKey = await importJWK({ ...TEST_VECTOR.publicJwk, d: TEST_VECTOR.d }, 'ECDH-ES');
    const { plaintext } = await compactDecrypt(jwe, privateKey);
    assert.equal(new TextDecoder().decode(plaintext), TEST_VECTOR.aux);
  });

  it('builds a fresh JWE for every cookie', async () => {
    const credentials = parseCliJson(SERVICE_ACCOUNT_CLI_JSON);
    const first = await buildCookie(credentials);
    const second = await buildCookie(credentials);
    assert.notEqual(first, second);
    assert.match(first, new RegExp(`^qbo_uid=[\\w-]+\\.\\.[\\w-]+\\.[\\w-]+\\.[\\w-]+; qbo_aux=${TEST_VECTOR.aux}$`));
  });

  it('fills a missing qbo_host and qbo_port with the schema defaults, console.cloud.qbo.io and 443', () => {
    const { qbo_host: _host, qbo_port: _port, ...bare } = SERVICE_ACCOUNT_CLI_JSON;
    const account = parseCliJson(bare);
    assert.equal(account.host, 'console.cloud.qbo.io');
    assert.equal(account.port, 443);
    const token = parseCliJson({ qbo_uid: TOKEN_CLI_JSON.qbo_uid, qbo_host: '', qbo_port: null });
    assert.deepEqual([token.host, token.port], ['console.cloud.qbo.io', 443]);
    assert.equal(parseCliJson({ ...bare, qbo_port: 9601 }).host, 'console.cloud.qbo.io', 'each default on its own');
    assert.equal(parseCliJson({ ...bare, qbo_host: '10.0.0.7' }).port, 443);
    const fromEnvironment = credentialsFromEnvironment({ QBO_UID: 'tok' });
    assert.deepEqual([fromEnvironment?.host, fromEnvironment?.port], ['console.cloud.qbo.io', 443]);
    assert.equal(credentialsFromEnvironment({ QBO_UID: 'tok', QBO_HOST: 'h' })?.port, 443);
    assert.ok(looksLikeCliJson(JSON.stringify(bare)), 'a configuration without host is still offered for sign-in');
    assert.ok(!looksLikeCliJson('{"name": "qbo", "qbo_host": "h"}'));
  });

  it('reads the QBO_* environment, token or public key', () => {
    assert.equal(credentialsFromEnvironment({}), undefined);
    const token = credentialsFromEnvironment({ QBO_UID: 'tok-123', QBO_HOST: 'localhost', QBO_PORT: '9601' });
    assert.deepEqual(token, { kind: 'token', token: 'tok-123', host: 'localhost', port: 9601, source: 'environment' });
    const account = credentialsFromEnvironment({
      QBO_UID: JSON.stringify(TEST_VECTOR.publicJwk),
      QBO_AUX: TEST_VECTOR.aux,
      QBO_HOST: 'h.example',
      QBO_PORT: '443',
    });
    assert.equal(account?.kind, 'service-account');
    const fallback = credentialsFromEnvironment({ QBO_UID: 'tok' }, { host: 'file-host', port: 9601 });
    assert.equal(fallback?.host, 'file-host');
    refuses(() => credentialsFromEnvironment({ QBO_UID: '{oops', QBO_HOST: 'h', QBO_PORT: '1' }), 'QBO_UID');
    refuses(() => credentialsFromEnvironment({ QBO_UID: JSON.stringify(TEST_VECTOR.publicJwk), QBO_HOST: 'h', QBO_PORT: '1' }), 'QBO_AUX');
  });

  it('finds ~/.qbo/cli.json and prefers the environment, as the vendor CLI does', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'qbo-home-'));
    assert.equal(await discoverCredentials({}, home), undefined);
    fs.mkdirSync(path.join(home, '.qbo'));
    fs.writeFileSync(defaultCliJsonPath(home), JSON.stringify(SERVICE_ACCOUNT_CLI_JSON));
    const fromFile = await discoverCredentials({}, home);
    assert.equal(fromFile?.kind, 'service-account');
    assert.equal(fromFile?.source, defaultCliJsonPath(home));
    const fromEnv = await discoverCredentials({ QBO_UID: 'tok-1' }, home);
    assert.equal(fromEnv?.kind, 'token');
    assert.equal(fromEnv?.host, 'nemo.cloud.qbo.io', 'host falls back to the file');
    fs.writeFileSync(defaultCliJsonPath(home), '{"qbo_host": 1');
    await assert.rejects(discoverCredentials({}, home), CredentialsError);
    await assert.rejects(
      readCliJsonFile(path.join(home, 'missing.json')),
      (error: unknown) => error instanceof CredentialsError && error.field === 'file',
    );
  });

  it('warns only when exp is a Unix time in the past', () => {
    const credentials = parseCliJson(SERVICE_ACCOUNT_CLI_JSON);
    assert.equal(credentialsExpired(credentials), false);
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(credentialsExpired({ ...credentials, exp: now / 1000 - 60 }, now), true);
    assert.equal(credentialsExpired({ ...credentials, exp: now / 1000 + 60 }, now), false);
    assert.equal(credentialsExpired({ ...credentials, exp: now - 60_000 }, now), true, 'milliseconds too');
  });

  it('describes credentials without secrets', () => {
    const text = describeCredentials(parseCliJson(SERVICE_ACCOUNT_CLI_JSON)) + describeCredentials(parseCliJson(TOKEN_CLI_JSON));
    for (const secret of SECRET_STRINGS) assert.ok(!text.includes(secret));
    assert.match(text, /service account alex@qbo.io at nemo.cloud.qbo.io:443/);
  });
});
