// Security: transport. wss is verified by default (the self-signed emulator is refused, and the
// credentials never reach it); a custom CA works; a self-signed server works only with the
// explicit opt-in, and even then an otherwise bad certificate (expired) is refused before the
// upgrade request, which carries the cookie, is sent; plain ws:// to a public host is refused
// before anything is built or opened (no traffic ever leaves loopback in these tests).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { connectionUrl, getCommand, parseCliJson, transportRefusal, type ConnectionState } from '../../../src/qbo';
import { QboSession, type ConnectionProfile, type SessionStatus } from '../../../src/session/session';
import type { RunningEmulator } from '../../../src/emulator';
import { FIXTURES, startTestEmulator } from '../../support/emulator';
import { sleep } from '../../support/wait';

const CERT_FILE = path.join(FIXTURES, 'emulator-tls-cert.pem');
const KEY_FILE = path.join(FIXTURES, 'emulator-tls-key.pem');

/**
 * A self-signed certificate for localhost/127.0.0.1 that expired on 2020-01-03 (P-256, test only;
 * generated with Python cryptography: notBefore 2020-01-01, notAfter 2020-01-03, CA:TRUE).
 */
const EXPIRED_CERT = `-----BEGIN CERTIFICATE-----
MIIBWDCB/6ADAgECAhRo9W3nFWqR1bBH5xPC+P84yoW+tTAKBggqhkjOPQQDAjAU
MRIwEAYDVQQDDAlsb2NhbGhvc3QwHhcNMjAwMTAxMDAwMDAwWhcNMjAwMTAzMDAw
MDAwWjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjOPQMB
BwNCAAQm0IVKKeG4sVazlW3JM4MnpTZbCM9dbdjqGMlgM8A5+jqrHY4gNbORZGp/
F4TL5p9H760YzSDpZHDn983johykoy8wLTAaBgNVHREEEzARgglsb2NhbGhvc3SH
BH8AAAEwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiAimw/ZvAW2
luVrxb1yLqGmdI7ipRICUJhK6stZSYBDnQIhAKQ2OABtcqqyjVna99gEkB5CLQWm
raa8t7rmk9nVzZHP
-----END CERTIFICATE-----
`;
const EXPIRED_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgb4e+cE6pY04RhQuG
iehl7ebQd74hjJBS2Nz9sH4sLZ6hRANCAAQm0IVKKeG4sVazlW3JM4MnpTZbCM9d
bdjqGMlgM8A5+jqrHY4gNbORZGp/F4TL5p9H760YzSDpZHDn983johyk
-----END PRIVATE KEY-----
`;

const quiet = { trace() {}, info() {}, warn() {}, error() {} };

interface Observed {
  session: QboSession;
  states: ConnectionState[];
  statuses: SessionStatus[];
  cookies: number;
}

/** A session on the emulator with the given TLS options; returns once ready or after `settleMs`. */
async function observe(emulator: RunningEmulator, tls: Partial<ConnectionProfile>, settleMs: number): Promise<Observed> {
  const credentials = parseCliJson(emulator.clientConfig());
  const observed: Observed = { session: undefined as never, states: [], statuses: [], cookies: 0 };
  const session = new QboSession({
    profile: { name: 'tls', host: credentials.host, port: credentials.port, scheme: 'wss', ...tls },
    credentials,
    logger: quiet,
    connection: { initialBackoffMs: 100, maxBackoffMs: 400, pingIntervalMs: 60_000 },
  });
  observed.session = session;
  session.connection.onState((state) => observed.states.push(state));
  session.onStatus((status) => observed.statuses.push(status));
  session.start();
  await Promise.race([session.whenReady(settleMs), sleep(settleMs)]);
  return observed;
}

function reasons(observed: Observed): string[] {
  return observed.states.flatMap((state) => (state.kind === 'reconnecting' || state.kind === 'closed' ? [state.reason] : []));
}

describe('security: TLS and transport policy', () => {
  describe('against the self-signed emulator (fixture certificate, SAN localhost and 127.0.0.1)', () => {
    let emulator: RunningEmulator;
    /** Every authentication the emulator performed: proof of whether a cookie reached it. */
    const authentications: string[] = [];
    before(async () => {
      emulator = await startTestEmulator({
        tls: { cert: fs.readFileSync(CERT_FILE), key: fs.readFileSync(KEY_FILE) },
        log: (line) => /^(connected|refused)/.test(line) && authentications.push(line),
      });
    });
    after(() => emulator.close());
    beforeEach(() => (authentications.length = 0));

    it('refuses it by default: never open, a certificate error as the reason, and the credentials never sent', async () => {
      const observed = await observe(emulator, {}, 700);
      try {
        assert.ok(!observed.states.some((state) => state.kind === 'open'), 'never open');
        assert.ok(!observed.statuses.some((status) => status.kind === 'ready'));
        const why = reasons(observed);
        assert.ok(why.length >= 1);
        assert.ok(
          why.every((reason) => /^connection failed \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\)$/.test(reason)),
          why.join('; '),
        );
        assert.deepEqual(authentications, [], 'the upgrade request (and its cookie) never reached the server');
      } finally {
        observed.session.dispose();
      }
    });

    it('accepts it with its certificate as a custom CA (caFile)', async () => {
      const observed = await observe(emulator, { caFile: CERT_FILE }, 3000);
      try {
        assert.equal(observed.session.status.kind, 'ready');
        assert.equal((await observed.session.run(getCommand('nodes'))).code, 200);
        assert.equal(authentications.length, 1);
      } finally {
        observed.session.dispose();
      }
    });

    it('refuses it when caFile names another CA', async () => {
      const other = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'qbo-ca-')), 'other-ca.pem');
      fs.writeFileSync(other, EXPIRED_CERT);
      const observed = await observe(emulator, { caFile: other }, 700);
      try {
        assert.ok(!observed.states.some((state) => state.kind === 'open'));
        assert.ok(
          reasons(observed).every((reason) => /^connection failed \([A-Z_]+\)$/.test(reason)),
          reasons(observed).join('; '),
        );
        assert.deepEqual(authentications, []);
      } finally {
        observed.session.dispose();
        fs.rmSync(path.dirname(other), { recursive: true, force: true });
      }
    });

    it('accepts it with the explicit allowSelfSigned opt-in', async () => {
      const observed = await observe(emulator, { allowSelfSigned: true }, 3000);
      try {
        assert.equal(observed.session.status.kind, 'ready');
        assert.equal((await observed.session.run(getCommand('clusters'))).code, 200);
      } finally {
        observed.session.dispose();
      }
    });

    it('reports an unreadable caFile instead of connecting without it', async () => {
      const observed = await observe(emulator, { caFile: path.join(FIXTURES, 'no-such-ca.pem') }, 300);
      try {
        assert.deepEqual(observed.session.connection.state, {
          kind: 'closed',
          reason: `cannot read CA file ${path.join(FIXTURES, 'no-such-ca.pem')} (ENOENT)`,
        });
        assert.deepEqual(authentications, []);
      } finally {
        observed.session.dispose();
      }
    });
  });

  it('with a custom CA, still checks the host name (127.0.0.2 is not in the certificate)', async () => {
    const authentications: string[] = [];
    const emulator = await startTestEmulator({
      host: '127.0.0.2',
      tls: { cert: fs.readFileSync(CERT_FILE), key: fs.readFileSync(KEY_FILE) },
      log: (line) => /^(connected|refused)/.test(line) && authentications.push(line),
    });
    const observed = await observe(emulator, { caFile: CERT_FILE }, 700);
    try {
      assert.ok(!observed.states.some((state) => state.kind === 'open'), 'never open');
      const why = reasons(observed);
      assert.ok(why.length >= 1 && why.every((reason) => reason === 'connection failed (ERR_TLS_CERT_ALTNAME_INVALID)'), why.join('; '));
      assert.deepEqual(authentications, []);
    } finally {
      observed.session.dispose();
      await emulator.close();
    }
  });

  it('with allowSelfSigned, still refuses an expired self-signed certificate, before the cookie is sent', async () => {
    const authentications: string[] = [];
    const emulator = await startTestEmulator({
      tls: { cert: EXPIRED_CERT, key: EXPIRED_KEY },
      log: (line) => /^(connected|refused)/.test(line) && authentications.push(line),
    });
    const observed = await observe(emulator, { allowSelfSigned: true }, 700);
    try {
      assert.ok(!observed.states.some((state) => state.kind === 'open'), 'never open');
      const why = reasons(observed);
      assert.ok(why.length >= 1 && why.every((reason) => reason === 'connection failed (CERT_HAS_EXPIRED)'), why.join('; '));
      assert.deepEqual(authentications, [], 'the server never saw the credentials');
    } finally {
      observed.session.dispose();
      await emulator.close();
    }
  });

  it('refuses plain ws:// to a public host before building credentials or opening a socket', async () => {
    let cookies = 0;
    const session = new QboSession({
      profile: { name: 'public', host: 'qbo.example.com', port: 80, scheme: 'ws' },
      credentials: { kind: 'token', token: 'not-used', host: 'qbo.example.com', port: 80, source: 'test' },
      logger: quiet,
      connection: {
        cookie: async () => {
          cookies++;
          return '';
        },
      },
    });
    try {
      session.start();
      assert.deepEqual(session.connection.state, {
        kind: 'closed',
        reason: 'refusing unencrypted ws:// to qbo.example.com: use wss, or allow insecure connections for this profile',
      });
      assert.equal(session.status.kind, 'closed');
      await sleep(100);
      assert.equal(cookies, 0, 'no credentials were built');
      assert.equal(session.connection.state.kind, 'closed', 'and no retry');
    } finally {
      session.dispose();
    }
  });

  it('decides the transport policy without connecting: ws to public hosts only with allowInsecure', () => {
    // The opt-in case is checked on the policy alone: these tests never send traffic off loopback.
    assert.match(transportRefusal({ host: 'qbo.example.com', scheme: 'ws' }) ?? '', /^refusing unencrypted ws:\/\/ to qbo\.example\.com/);
    assert.match(transportRefusal({ host: '8.8.8.8', scheme: 'ws', allowInsecure: false }) ?? '', /refusing/);
    assert.equal(transportRefusal({ host: 'qbo.example.com', scheme: 'ws', allowInsecure: true }), undefined);
    assert.equal(transportRefusal({ host: 'qbo.example.com', scheme: 'wss' }), undefined);
    assert.equal(transportRefusal({ host: 'qbo.example.com' }), undefined, 'the default for a public host is wss');
    assert.equal(connectionUrl({ host: 'qbo.example.com', port: 443 }), 'wss://qbo.example.com:443/');
    for (const host of ['127.0.0.1', 'localhost', '10.0.0.5', '192.168.1.2', '::1'])
      assert.equal(transportRefusal({ host, scheme: 'ws' }), undefined, host);
  });
});
