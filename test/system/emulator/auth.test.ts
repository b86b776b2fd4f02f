// Emulator: cookie authentication on the upgrade (docs/PROTOCOL.md §1–2) and subprotocol selection.
import * as assert from 'node:assert/strict';
import { makeServiceAccountJwe, parseCliJson } from '../../../src/qbo';
import {
  createServiceAccount,
  createTokenAccount,
  parseCookieHeader,
  type RunningEmulator,
  type ServiceAccountEntry,
  type TokenAccountEntry,
} from '../../../src/emulator';
import { connectLibrary, cookieFor, startTestEmulator, TestSocket, testVectorAccount, UpgradeRefused } from '../../support/emulator';

async function refusal(promise: Promise<unknown>): Promise<UpgradeRefused> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UpgradeRefused) return error;
    throw error;
  }
  assert.fail('the upgrade was accepted');
}

describe('emulator: authentication', () => {
  let emulator: RunningEmulator;
  let service: ServiceAccountEntry;
  let token: TokenAccountEntry;
  const vector = testVectorAccount();

  before(async () => {
    service = await createServiceAccount('sam@example.com');
    token = createTokenAccount('tina@example.com');
    emulator = await startTestEmulator({ accounts: [service, token, vector] });
  });
  after(() => emulator.close());

  it('accepts a temporary token (cookie qbo_uid=<token>; qbo_aux=)', async () => {
    const socket = await TestSocket.open(emulator.url, `qbo_uid=${token.token}; qbo_aux=`);
    const users = (await socket.command('get users')).find((frame) => Array.isArray(frame.users));
    assert.equal((users?.users as { email: string }[])[0]?.email, 'tina@example.com');
    await socket.close();
  });

  it('accepts a service account through the library (fresh JWE per connection)', async () => {
    const link = await connectLibrary(parseCliJson(emulator.clientConfig(service)));
    try {
      assert.equal(link.state.kind, 'open');
      assert.equal(link.connection.state.kind === 'open' && link.connection.state.protocol, 'qbo');
    } finally {
      link.dispose();
    }
  });

  it('accepts the spec test-vector account (alex@qbo.io, docs/PROTOCOL.md §2)', async () => {
    const cookie = await cookieFor(emulator, vector);
    assert.match(cookie, /^qbo_uid=[\w-]+\.\.[\w-]+\.[\w-]+\.[\w-]+; qbo_aux=66fac858-a271-49cf-bad0-fdd9ff0b4787$/);
    const socket = await TestSocket.open(emulator.url, cookie);
    const frames = await socket.command('get clusters');
    assert.ok(frames.every((frame) => frame.user === 'alex@qbo.io'));
    await socket.close();
  });

  it('refuses the test-vector key with a wrong aux (401)', async () => {
    const wrongAux = '00000000-a271-49cf-bad0-fdd9ff0b4787';
    const jwe = await makeServiceAccountJwe({ kty: 'EC', crv: 'P-521', x: vector.jwk.x, y: vector.jwk.y }, wrongAux);
    const refused = await refusal(TestSocket.open(emulator.url, `qbo_uid=${jwe}; qbo_aux=${wrongAux}`));
    assert.equal(refused.status, 401);
    assert.ok(refused.body.length > 0 && refused.body.length < 200, 'a short text body');
  });

  it('refuses a JWE of the right aux when the cookie names another aux (401)', async () => {
    const jwe = await makeServiceAccountJwe({ kty: 'EC', crv: 'P-521', x: vector.jwk.x, y: vector.jwk.y }, vector.qbo_aux);
    assert.equal((await refusal(TestSocket.open(emulator.url, `qbo_uid=${jwe}; qbo_aux=${service.qbo_aux}`))).status, 401);
  });

  it('refuses a JWE made for another key (401)', async () => {
    const other = await createServiceAccount('mallory@example.com', vector.qbo_aux);
    const jwe = await makeServiceAccountJwe({ kty: 'EC', crv: 'P-521', x: other.jwk.x, y: other.jwk.y }, vector.qbo_aux);
    assert.equal((await refusal(TestSocket.open(emulator.url, `qbo_uid=${jwe}; qbo_aux=${vector.qbo_aux}`))).status, 401);
  });

  it('refuses a garbage cookie, an unknown token, a token with an aux, and no cookie (401)', async () => {
    assert.equal((await refusal(TestSocket.open(emulator.url, 'qbo_uid=a.b.c.d.e; qbo_aux=xyz'))).status, 401);
    assert.equal((await refusal(TestSocket.open(emulator.url, 'complete nonsense'))).status, 401);
    assert.equal((await refusal(TestSocket.open(emulator.url, 'qbo_uid=8d1c3f0e-0000-4000-8000-000000000000; qbo_aux='))).status, 401);
    assert.equal((await refusal(TestSocket.open(emulator.url, `qbo_uid=${token.token}; qbo_aux=${service.qbo_aux}`))).status, 401);
    assert.equal((await refusal(TestSocket.open(emulator.url, undefined))).status, 401);
  });

  it('makes the library report "credentials rejected" without retrying', async () => {
    const credentials = parseCliJson({ qbo_uid: 'not-a-known-token', qbo_host: '127.0.0.1', qbo_port: emulator.port });
    const link = await connectLibrary(credentials);
    try {
      assert.deepEqual(link.state, { kind: 'credentials-rejected', status: 401 });
    } finally {
      link.dispose();
    }
  });

  it('selects the qbo subprotocol when offered, and accepts a client offering none', async () => {
    const offered = await TestSocket.connect(emulator, service, ['qbo']);
    assert.equal(offered.protocol, 'qbo');
    const none = await TestSocket.connect(emulator, service, []);
    assert.equal(none.protocol, '');
    assert.equal((await none.command('version')).at(-1)?.code, 200);
    await Promise.all([offered.close(), none.close()]);
  });

  it('parses Cookie headers (first occurrence wins, spaces trimmed)', () => {
    const cookies = parseCookieHeader(' qbo_uid=a.b=c ; qbo_aux= ; qbo_uid=second;junk');
    assert.equal(cookies.get('qbo_uid'), 'a.b=c');
    assert.equal(cookies.get('qbo_aux'), '');
    assert.equal(cookies.size, 2);
  });
});
