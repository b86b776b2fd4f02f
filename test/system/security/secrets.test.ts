// Security: secrets never leak. A full life of sessions against the emulator (sign in with a
// service account and with a token, commands that succeed and fail, a kubeconfig, the
// server dying and coming back, refused credentials, a key that cannot be used, sign out) with a
// capturing Logger; then every string captured (log lines, error messages and stacks, session
// statuses, connection states, command output) is checked against the known secrets, the JWEs
// actually sent, and the shape of a JWE. And a server that echoes the credentials it was sent
// (in output lines, an error status, a push, an unsolicited error): no log line repeats them.
import * as assert from 'node:assert/strict';
import {
  addClusterCommand,
  buildCookie,
  getCommand,
  kubeconfigCommand,
  byName,
  namedTargets,
  parseCliJson,
  stopCommand,
  type QboCommand,
  type QboCredentials,
} from '../../../src/qbo';
import { QboSession, type Logger } from '../../../src/session/session';
import { createTokenAccount, makeTestAccount, type RunningEmulator } from '../../../src/emulator';
import { startTestEmulator } from '../../support/emulator';
import { reply, ScriptedServer, singleReply } from '../../support/scriptedServer';
import { testSession } from '../../support/session';
import { waitUntil } from '../../support/wait';

/** A compact JWE anywhere in a text (five base64url parts; the encrypted key may be empty). */
const JWE_SHAPE = /[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/;
/** A cookie pair with a value, as it would appear if a header were logged. */
const COOKIE_WITH_VALUE = /qbo_(uid|aux)=(?!\[redacted\])[^;\s]/;

describe('security: no secret in logs, errors or statuses', function () {
  this.timeout(20_000);
  const emulators: RunningEmulator[] = [];
  after(async () => {
    for (const emulator of emulators) await emulator.close();
  });

  it('keeps qbo_aux, tokens, JWEs and key material out of everything a full session life produces', async () => {
    const service = await makeTestAccount('alex@example.com');
    const token = createTokenAccount('tina@example.com');
    const stranger = await makeTestAccount('mallory@example.com');
    const accounts = [service.account, token];
    let emulator = await startTestEmulator({ accounts });
    emulators.push(emulator);
    const port = emulator.port;

    const captured: string[] = [];
    const capture = (text: unknown): void => {
      captured.push(typeof text === 'string' ? text : JSON.stringify(text));
    };
    const logger: Logger = { trace: capture, info: capture, warn: capture, error: capture };
    const cookies: string[] = [];
    const secrets = new Set<string>([
      service.account.qbo_aux,
      token.token,
      stranger.account.qbo_aux,
      service.account.jwk.d,
      stranger.account.jwk.d,
    ]);

    const open = (credentials: QboCredentials, name: string): QboSession => {
      const session = new QboSession({
        profile: { name, host: credentials.host, port: credentials.port },
        credentials,
        logger,
        requestTimeoutMs: 3000,
        connection: {
          initialBackoffMs: 20,
          maxBackoffMs: 100,
          pingIntervalMs: 60_000,
          // The very cookies sent, so that their JWEs can be looked for afterwards.
          cookie: async () => {
            const cookie = await buildCookie(credentials);
            cookies.push(cookie);
            return cookie;
          },
        },
      });
      session.onStatus(capture);
      session.connection.onState(capture);
      return session;
    };
    const run = async (session: QboSession, build: () => QboCommand, timeoutMs?: number): Promise<string[]> => {
      try {
        const result = await session.run(build(), (progress) => progress.output.forEach(capture), timeoutMs);
        result.output.forEach(capture);
        return result.outputItems.map((item) => item.kubeconfig ?? '').filter((text) => text !== '');
      } catch (error) {
        capture(error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error));
        return [];
      }
    };

    // Sign in with the service account; commands that work and commands that fail.
    const serviceCredentials = parseCliJson(service.cliJson(emulator));
    const session = open(serviceCredentials, 'service');
    session.start();
    assert.ok(await session.whenReady(5000));
    await run(session, () => getCommand('users'));
    const kubeconfigs = await run(session, () => kubeconfigCommand(byName('dev')));
    await run(session, () => stopCommand('clusters', namedTargets('clusters', 'dev')));
    await run(session, () => stopCommand('clusters', namedTargets('clusters', 'nope')));
    await run(session, () => addClusterCommand(['dev'], { image: '-i evil' }));

    // The server dies with a command in flight and comes back.
    const inFlight = run(session, () => getCommand('pods'));
    await emulator.close();
    await inFlight;
    emulator = await startTestEmulator({ port, accounts });
    emulators.push(emulator);
    await waitUntil(() => session.status.kind === 'ready', 5000, 'the session to come back');
    await session.refresh();
    session.dispose(); // sign out

    // A token session, refused credentials, and a key that cannot be used.
    const tokenSession = open(parseCliJson(emulator.clientConfig(token)), 'token');
    tokenSession.start();
    assert.ok(await tokenSession.whenReady(5000));
    await run(tokenSession, () => stopCommand('clusters', namedTargets('clusters', 'nope')));
    tokenSession.dispose();
    const refused = open(parseCliJson(stranger.cliJson(emulator)), 'refused');
    refused.start();
    await waitUntil(() => refused.status.kind === 'credentials-rejected', 3000, 'the refusal');
    refused.dispose();
    assert.equal(serviceCredentials.kind, 'service-account');
    // Well-formed base64url, but not a point of P-521: building the JWE fails.
    const broken: QboCredentials = {
      kind: 'service-account',
      publicKey: { kty: 'EC', crv: 'P-521', x: 'AAAA', y: 'AAAA' },
      aux: service.account.qbo_aux,
      host: '127.0.0.1',
      port,
      source: 'test',
    };
    const unusable = open(broken, 'broken');
    unusable.start();
    await waitUntil(() => unusable.status.kind === 'closed', 3000, 'the unusable key to be reported');
    unusable.dispose();

    // The capture saw all of that (positive controls), including the secret-bearing material.
    const everything = captured.join('\n');
    assert.match(everything, /connected to ws:\/\/127\.0\.0\.1:\d+\//);
    assert.match(everything, /cluster "nope" not found/);
    assert.match(everything, /the connection was lost before the command finished/);
    assert.match(everything, /rejected the credentials \(HTTP 401\)/);
    assert.match(everything, /Invalid image/);
    assert.ok(
      captured.some((text) => text.includes('"kind":"closed"')),
      'the unusable key closed the session',
    );
    assert.equal(kubeconfigs.length, 1);
    const keyData = /client-key-data: (\S+)/.exec(kubeconfigs[0] as string)?.[1];
    assert.ok(keyData && keyData.length > 100);
    assert.ok(cookies.length >= 4, `${cookies.length} cookies were built`);
    const jwes = cookies.map((cookie) => /^qbo_uid=([^;]*)/.exec(cookie)?.[1] ?? '').filter((value) => JWE_SHAPE.test(value));
    assert.ok(jwes.length >= 3);

    for (const text of captured) {
      for (const secret of [...secrets, ...jwes, keyData]) assert.ok(!text.includes(secret), `a secret leaked into: ${text.slice(0, 200)}`);
      assert.ok(!JWE_SHAPE.test(text), `a JWE-shaped string leaked into: ${text.slice(0, 200)}`);
      assert.ok(!COOKIE_WITH_VALUE.test(text), `a cookie leaked into: ${text.slice(0, 200)}`);
      assert.ok(!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text), 'no private key');
    }
  });

  it('keeps the credentials a server echoes back (output line, error status, push, unsolicited error) out of every log line', async () => {
    const { account, cliJson } = await makeTestAccount('echo@example.com');
    const server = new ScriptedServer();
    const port = await server.listen();
    const credentials = parseCliJson(cliJson({ host: '127.0.0.1', port }));
    const { session, logger } = testSession(credentials, { requestTimeoutMs: 3000 });
    /** What the session sent: its Cookie header and the JWE in it. */
    const sent = (): { cookie: string; jwe: string } => {
      const cookie = server.cookies[0] ?? '';
      return { cookie, jwe: /qbo_uid=([^;]*)/.exec(cookie)?.[1] ?? '' };
    };
    try {
      server.onCommand = (socket, frame) => {
        if (frame.cmd.startsWith('get ')) return singleReply(socket, frame, {});
        // Everything the client sent, echoed: the cookie header, its JWE, and qbo_aux.
        const { cookie, jwe } = sent();
        const echo = `aux ${account.qbo_aux}, token ${jwe}, Cookie: ${cookie}`;
        reply(socket, frame.uuid, 202, { status: 'Accepted', output: [{ message: `pulling for ${echo}` }] });
        socket.send(JSON.stringify({ command: 'CMD_WATCH', command_id: 'push-1', output: [{ message: `mirror saw ${echo}` }] }));
        socket.send(JSON.stringify({ code: 400, status: 'Bad Request', output: [{ message: `cannot read a frame of ${echo}` }] }));
        reply(socket, frame.uuid, 500, { status: `Internal Server Error for ${echo}` });
      };
      session.start();
      assert.ok(await session.whenReady(5000));
      await assert.rejects(session.run(addClusterCommand(['echo'])), /Internal Server Error/);

      const { cookie, jwe } = sent();
      assert.match(jwe, JWE_SHAPE, 'the session sent a JWE');
      assert.ok(cookie.includes(account.qbo_aux), 'and qbo_aux in its cookie');
      const named = { qbo_aux: account.qbo_aux, JWE: jwe, cookie };
      /** A failing line, shown with the secrets it holds replaced by their names (the test output holds no secret either). */
      const shown = (line: string): string =>
        Object.entries(named)
          .sort(([, a], [, b]) => b.length - a.length)
          .reduce((text, [name, secret]) => text.split(secret).join(`<${name}>`), line)
          .slice(0, 300);
      const lines = logger.lines;
      for (const line of lines) {
        for (const [name, secret] of Object.entries(named)) assert.ok(!line.includes(secret), `${name} leaked into: ${shown(line)}`);
        assert.ok(!JWE_SHAPE.test(line), `a JWE-shaped string leaked into: ${shown(line)}`);
        assert.ok(!COOKIE_WITH_VALUE.test(line), `a cookie leaked into: ${shown(line)}`);
      }
      // Positive controls: each echo did reach the log, redacted.
      const logged = (pattern: RegExp): void =>
        assert.ok(
          lines.some((line) => pattern.test(line)),
          `a line matching ${pattern}`,
        );
      logged(/^info \[cmd-1\] pulling for aux \[redacted\], token \[redacted\], Cookie: qbo_uid=\[redacted\]; qbo_aux=\[redacted\]$/);
      logged(/^trace \[push\] mirror saw aux \[redacted\]/);
      // A uuid-less error is the server's answer to a frame it could not read: a warning, not a push.
      logged(/^warn server reported: cannot read a frame of aux \[redacted\]/);
      logged(/^error qbo add cluster echo: Internal Server Error for aux \[redacted\]/);
    } finally {
      session.dispose();
      await server.close();
    }
  });
});
