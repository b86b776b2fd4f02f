// Security: refused and expired credentials. A 401 or 403 on the upgrade stops the session for good
// (no reconnect storm, counted on the server side), with the status "credentials rejected"; and
// credentials whose `cli.exp` has passed are recognised (the extension shows the warning).
import * as assert from 'node:assert/strict';
import { createTokenAccount, makeTestAccount, type RunningEmulator } from '../../../src/emulator';
import { credentialsExpired, parseCliJson, type ConnectionState, type QboCredentials } from '../../../src/qbo';
import { QboSession, type SessionStatus } from '../../../src/session/session';
import { startTestEmulator } from '../../support/emulator';
import { ScriptedServer } from '../../support/scriptedServer';
import { sleep } from '../../support/wait';
import { recordingLogger } from '../../support/session';

describe('security: refused and expired credentials', () => {
  let emulator: RunningEmulator;
  const refusals: number[] = [];
  before(async () => {
    const { account } = await makeTestAccount('owner@example.com');
    emulator = await startTestEmulator({ accounts: [account], log: (line) => line.startsWith('refused') && refusals.push(Date.now()) });
  });
  after(() => emulator.close());
  beforeEach(() => (refusals.length = 0));

  /** Starts a session with short backoffs (a storm, if any, would show within the second observed), refreshes once, and records what happened. */
  async function playRefusal(credentials: QboCredentials): Promise<{
    session: QboSession;
    states: ConnectionState['kind'][];
    statuses: SessionStatus['kind'][];
    logger: ReturnType<typeof recordingLogger>;
  }> {
    const logger = recordingLogger();
    const session = new QboSession({
      profile: { name: 'refused', host: credentials.host, port: credentials.port },
      credentials,
      logger,
      connection: { initialBackoffMs: 10, maxBackoffMs: 20 },
    });
    const states: ConnectionState['kind'][] = [];
    const statuses: SessionStatus['kind'][] = [];
    session.connection.onState((state) => states.push(state.kind));
    session.onStatus((status) => statuses.push(status.kind));
    session.start();
    await sleep(600);
    // Refresh (what the view's button does) must not retry refused credentials either.
    await session.refresh();
    await sleep(400);
    return { session, states, statuses, logger };
  }

  function assertRefused(observed: Awaited<ReturnType<typeof playRefusal>>, status: number): void {
    const { session, states, statuses, logger } = observed;
    assert.deepEqual(states, ['connecting', 'credentials-rejected']);
    assert.deepEqual(session.connection.state, { kind: 'credentials-rejected', status });
    assert.equal(session.status.kind, 'credentials-rejected');
    assert.ok(!statuses.includes('reconnecting'));
    assert.ok(logger.lines.includes(`error the server rejected the credentials (HTTP ${status}); sign in again`));
  }

  for (const kind of ['service account', 'token'] as const) {
    it(`makes one attempt with an unknown ${kind}, then stays down with status credentials-rejected`, async () => {
      const credentials: QboCredentials =
        kind === 'token'
          ? parseCliJson(emulator.clientConfig(createTokenAccount('stranger@example.com')))
          : parseCliJson((await makeTestAccount('stranger@example.com')).cliJson(emulator));
      const observed = await playRefusal(credentials);
      try {
        assert.equal(refusals.length, 1, 'the server saw exactly one upgrade attempt in 1 s');
        assertRefused(observed, 401);
      } finally {
        observed.session.dispose();
      }
    });
  }

  it('takes a 403 on the upgrade as refused credentials too: one attempt, no reconnect storm', async () => {
    // The emulator refuses with 401 only; a scripted server answers 403 Forbidden.
    const server = new ScriptedServer();
    server.rejectWith = 403;
    const port = await server.listen();
    const observed = await playRefusal(parseCliJson((await makeTestAccount('owner@example.com')).cliJson({ host: '127.0.0.1', port })));
    try {
      assert.equal(server.upgrades, 1, 'the server saw exactly one upgrade attempt in 1 s');
      assertRefused(observed, 403);
    } finally {
      observed.session.dispose();
      await server.close();
    }
  });

  it('recognises credentials whose cli.exp has passed, in every cli.json shape that carries it', () => {
    const conf = emulator.clientConfig();
    const now = Date.parse('2026-06-01T00:00:00Z');
    const past = Math.floor(now / 1000) - 3600;
    const future = Math.floor(now / 1000) + 3600;
    const shapes = (exp: number | string): unknown[] => [
      { exp, conf }, // `.cli` of a users[] entry: {"exp": ..., "conf": {...}}
      { cli: { exp, conf } }, // a users[] entry itself
      [{ exp, conf }], // `jq '[.users[]?.cli]'`
    ];
    for (const shape of shapes(past))
      assert.equal(credentialsExpired(parseCliJson(shape), now), true, JSON.stringify(Object.keys(shape as object)));
    for (const shape of shapes(String(past))) assert.equal(credentialsExpired(parseCliJson(shape), now), true, 'exp as a numeric string');
    for (const shape of shapes(past * 1000)) assert.equal(credentialsExpired(parseCliJson(shape), now), true, 'exp in milliseconds');
    for (const shape of shapes(future)) assert.equal(credentialsExpired(parseCliJson(shape), now), false);
    assert.equal(credentialsExpired(parseCliJson(conf), now), false, 'no exp: not presumed expired');
    assert.equal(credentialsExpired(parseCliJson({ exp: 0, conf }), now), false, 'exp 0: unknown, not expired');
  });
});
