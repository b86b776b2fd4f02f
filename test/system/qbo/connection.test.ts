import * as assert from 'node:assert/strict';
import { QboClient, CommandFailedError, CommandTimeoutError, DisconnectedError } from '../../../src/qbo/client';
import { getCommand, stopCommand, namedTargets } from '../../../src/qbo/commands';
import { backoffDelay, connectionUrl, isLocalOrPrivateHost, QboConnection, type ConnectionState } from '../../../src/qbo/connection';
import { lifecycle, reply, ScriptedServer } from '../../support/scriptedServer';
import { waitUntil } from '../../support/wait';

function waitForState(
  connection: QboConnection,
  predicate: (state: ConnectionState) => boolean,
  timeoutMs = 5000,
): Promise<ConnectionState> {
  if (predicate(connection.state)) return Promise.resolve(connection.state);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out in state ${JSON.stringify(connection.state)}`));
    }, timeoutMs);
    const subscription = connection.onState((state) => {
      if (predicate(state)) {
        clearTimeout(timer);
        subscription.dispose();
        resolve(state);
      }
    });
  });
}

describe('connection', () => {
  let server: ScriptedServer;
  let connection: QboConnection | undefined;
  afterEach(async () => {
    connection?.dispose();
    connection = undefined;
    await server?.close();
  });

  function connect(port: number, extra: Partial<ConstructorParameters<typeof QboConnection>[0]> = {}): QboConnection {
    connection = new QboConnection({
      host: '127.0.0.1',
      port,
      cookie: async () => 'qbo_uid=u; qbo_aux=a',
      initialBackoffMs: 20,
      maxBackoffMs: 100,
      ...extra,
    });
    connection.connect();
    return connection;
  }

  it('sends the cookie, offers subprotocol qbo and opens', async () => {
    server = new ScriptedServer();
    const link = connect(await server.listen());
    const state = await waitForState(link, (s) => s.kind === 'open');
    assert.deepEqual(state, { kind: 'open', protocol: 'qbo' });
    assert.deepEqual(server.cookies, ['qbo_uid=u; qbo_aux=a']);
    assert.deepEqual(server.protocols, ['qbo']);
  });

  it('delivers a burst handled in slices whole and in order: past the backlog limit the socket is paused and resumed', async () => {
    server = new ScriptedServer();
    const link = connect(await server.listen());
    const seen: string[] = [];
    // A slow listener (1 ms a frame) lets the backlog of 600 frames of 60 KB pass the inbox's 16 MiB
    // high-water mark, so reading pauses; the frames after that arrive only if it resumes.
    link.onMessage((message) => {
      const until = performance.now() + 1;
      while (performance.now() < until);
      seen.push(String(message.envelope.uuid));
    });
    await waitForState(link, (state) => state.kind === 'open');
    const frames = 600;
    const [socket] = server.sockets;
    assert.ok(socket);
    for (let i = 0; i < frames; i++) reply(socket, `burst-${i}`, 200, { status: 'OK', output: [{ message: 'x'.repeat(60_000) }] });
    await waitUntil(() => seen.length >= frames, 15_000, `all ${frames} frames (reading never resumed?)`);
    assert.deepEqual(
      seen,
      Array.from({ length: frames }, (_, i) => `burst-${i}`),
    );
    assert.equal(link.state.kind, 'open');
  });

  it('accepts a server that selects no subprotocol', async () => {
    server = new ScriptedServer({ selectProtocol: false });
    const link = connect(await server.listen());
    const state = await waitForState(link, (s) => s.kind === 'open');
    assert.deepEqual(state, { kind: 'open', protocol: '' });
  });

  for (const status of [401, 403]) {
    it(`reports credentials rejected on ${status} and does not reconnect`, async () => {
      server = new ScriptedServer();
      server.rejectWith = status;
      const link = connect(await server.listen());
      const states: ConnectionState['kind'][] = [];
      link.onState((state) => states.push(state.kind));
      const state = await waitForState(link, (s) => s.kind === 'credentials-rejected');
      assert.deepEqual(state, { kind: 'credentials-rejected', status });
      // With a 20 ms backoff, a storm would have made several attempts by now.
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(server.upgrades, 1, `no reconnect storm after ${status}`);
      assert.deepEqual(states, ['credentials-rejected'], 'never reconnecting');
    });
  }

  it('reconnects with backoff after the server drops the link, with a fresh cookie each time', async () => {
    server = new ScriptedServer();
    let cookies = 0;
    const link = connect(await server.listen(), { cookie: async () => `qbo_uid=${++cookies}; qbo_aux=` });
    await waitForState(link, (s) => s.kind === 'open');
    const states: ConnectionState[] = [];
    link.onState((state) => states.push(state));
    server.sockets[0]?.terminate();
    await waitForState(link, (s) => s.kind === 'reconnecting');
    await waitForState(link, (s) => s.kind === 'open');
    assert.equal(states[0]?.kind, 'reconnecting');
    assert.ok(states[0]?.kind === 'reconnecting' && states[0].delayMs <= 100);
    assert.deepEqual(server.cookies, ['qbo_uid=1; qbo_aux=', 'qbo_uid=2; qbo_aux=']);
  });

  // The default (no maxMissedPongs given): what the extension runs with.
  it('keeps a link whose server answers only every other ping: one missed pong is not a dead link', async () => {
    server = new ScriptedServer({ autoPong: false });
    server.onPing = (socket, count) => {
      if (count % 2 === 0) socket.pong();
    };
    const link = connect(await server.listen(), { pingIntervalMs: 150 });
    await waitForState(link, (s) => s.kind === 'open');
    const states: ConnectionState['kind'][] = [];
    link.onState((state) => states.push(state.kind));
    await waitUntil(() => server.pings >= 6, 5000, 'six pings');
    assert.deepEqual(states, [], 'the link never dropped');
    assert.equal(link.state.kind, 'open');
    assert.equal(server.upgrades, 1);
  });

  it('declares the link dead after two missed pongs, not one', async () => {
    server = new ScriptedServer({ autoPong: false });
    const link = connect(await server.listen(), { pingIntervalMs: 150 });
    await waitForState(link, (s) => s.kind === 'open');
    let pingsBeforeDrop: number | undefined;
    link.onState((state) => {
      if (state.kind === 'reconnecting') pingsBeforeDrop ??= server.pings;
    });
    await waitForState(link, (s) => s.kind === 'reconnecting');
    assert.equal(pingsBeforeDrop, 2, 'two pings went unanswered before the link was given up');
  });

  it('refuses plain ws:// to a public host unless opted in', async () => {
    connection = new QboConnection({ host: 'example.com', port: 80, scheme: 'ws', cookie: async () => '' });
    connection.connect();
    const state = connection.state;
    assert.equal(state.kind, 'closed');
    assert.match(state.kind === 'closed' ? state.reason : '', /refusing unencrypted/);
    server = new ScriptedServer();
  });

  it('closes a link whose frame exceeds the cap and reconnects', async () => {
    server = new ScriptedServer();
    const link = connect(await server.listen(), { maxFrameBytes: 1000 });
    await waitForState(link, (s) => s.kind === 'open');
    server.sockets[0]?.send(JSON.stringify({ output: [{ message: 'x'.repeat(5000) }] }));
    const state = await waitForState(link, (s) => s.kind === 'reconnecting');
    assert.match(state.kind === 'reconnecting' ? state.reason : '', /size limit/);
  });

  it('reports malformed frames without closing', async () => {
    server = new ScriptedServer();
    const link = connect(await server.listen());
    await waitForState(link, (s) => s.kind === 'open');
    const invalid: string[] = [];
    const messages: unknown[] = [];
    link.onInvalidFrame((error) => invalid.push(error.kind));
    link.onMessage((message) => messages.push(message));
    server.sockets[0]?.send('not json');
    server.sockets[0]?.send(Buffer.from([1, 2, 3]));
    server.sockets[0]?.send('{"code": 200}');
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(invalid, ['not-json', 'not-json']);
    assert.equal(messages.length, 1);
    assert.equal(link.state.kind, 'open');
  });
});

describe('connection helpers', () => {
  it('knows loopback and private addresses', () => {
    for (const host of [
      '127.0.0.1',
      'localhost',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.1',
      '192.168.1.1',
      '::1',
      '[::1]',
      'fd00::1',
      'dev.localhost',
    ])
      assert.ok(isLocalOrPrivateHost(host), host);
    for (const host of ['172.32.0.1', '8.8.8.8', 'nemo.cloud.qbo.io', '2001:db8::1', '172.15.0.1'])
      assert.ok(!isLocalOrPrivateHost(host), host);
  });

  it('picks wss for public hosts and ws for local ones', () => {
    assert.equal(connectionUrl({ host: 'nemo.cloud.qbo.io', port: 443 }), 'wss://nemo.cloud.qbo.io:443/');
    assert.equal(connectionUrl({ host: '127.0.0.1', port: 9601 }), 'ws://127.0.0.1:9601/');
    assert.equal(connectionUrl({ host: '::1', port: 9601, scheme: 'wss', path: 'api' }), 'wss://[::1]:9601/api');
  });

  it('backs off exponentially with jitter, capped at 30 s', () => {
    assert.equal(
      backoffDelay(1, 1000, 30000, () => 0),
      500,
    );
    assert.equal(
      backoffDelay(1, 1000, 30000, () => 0.999999),
      1000,
    );
    assert.equal(
      backoffDelay(3, 1000, 30000, () => 0.999999),
      4000,
    );
    for (let attempt = 1; attempt < 40; attempt++) assert.ok(backoffDelay(attempt, 1000, 30000, Math.random) <= 30000);
    assert.equal(
      backoffDelay(20, 1000, 30000, () => 0.999999),
      30000,
    );
  });
});

describe('requests', () => {
  let server: ScriptedServer;
  let connection: QboConnection;
  let client: QboClient;

  beforeEach(async () => {
    server = new ScriptedServer();
    const port = await server.listen();
    connection = new QboConnection({ host: '127.0.0.1', port, cookie: async () => 'qbo_uid=u; qbo_aux=', initialBackoffMs: 20 });
    client = new QboClient(connection, { requestTimeoutMs: 2000 });
    connection.connect();
    await waitForState(connection, (s) => s.kind === 'open');
  });
  afterEach(async () => {
    client.dispose();
    connection.dispose();
    await server.close();
  });

  it('follows accepted → started → data → done, correlated by uuid', async () => {
    server.onCommand = (socket, frame) => {
      // Unrelated traffic first: another command's reply and a mirror push.
      reply(socket, 'someone-else', 200, { command: 'CMD_DONE' });
      socket.send(JSON.stringify({ command: 'CMD_WATCH', clusters: [{ id: 'c9', name: 'other' }] }));
      lifecycle(socket, frame.uuid, { clusters: [{ id: 'c1', name: 'dev', state: 'running' }] });
    };
    const phases: string[] = [];
    const request = client.send(getCommand('clusters'), { onProgress: (progress) => phases.push(progress.phase) });
    const result = await request.done;
    assert.deepEqual(phases, ['sent', 'accepted', 'started', 'data', 'done']);
    assert.equal(result.uuid, request.uuid);
    assert.equal(result.commandId, 'cmd-1');
    assert.equal(result.data.length, 1);
    assert.deepEqual(result.output, ['command accepted', "thread '1' started", "thread '1' terminated in 0.01s"]);
    const sent = JSON.parse(server.frames[0] as string) as { cmd: string; uuid: string };
    assert.equal(sent.cmd, 'get clusters -A');
    assert.match(sent.uuid, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('uses a fresh uuid per command', async () => {
    server.onCommand = (socket, frame) => lifecycle(socket, frame.uuid, {});
    const a = client.send(getCommand('clusters'));
    const b = client.send(getCommand('clusters'));
    await Promise.all([a.done, b.done]);
    assert.notEqual(a.uuid, b.uuid);
  });

  it('rejects with the server message on a code ≥ 400', async () => {
    server.onCommand = (socket, frame) => {
      reply(socket, frame.uuid, 202);
      reply(socket, frame.uuid, 404, { status: 'Not Found', command: 'CMD_DONE', output: [{ message: 'cluster nope not found' }] });
    };
    await assert.rejects(client.send(stopCommand('clusters', namedTargets('clusters', 'nope'))).done, (error: unknown) => {
      assert.ok(error instanceof CommandFailedError);
      assert.equal(error.code, 404);
      assert.equal(error.serverMessage, 'cluster nope not found');
      return true;
    });
  });

  it('times out when the server goes quiet', async () => {
    server.onCommand = (socket, frame) => reply(socket, frame.uuid, 202);
    await assert.rejects(client.send(getCommand('nodes'), { timeoutMs: 150 }).done, CommandTimeoutError);
    assert.equal(client.inFlight, 0);
  });

  it('fails a command in flight when the link drops and never re-sends it', async () => {
    server.onCommand = (socket, frame) => {
      reply(socket, frame.uuid, 202);
      setTimeout(() => socket.terminate(), 20);
    };
    await assert.rejects(
      client.send(stopCommand('clusters', namedTargets('clusters', 'dev'))).done,
      (error: unknown) => error instanceof DisconnectedError && error.sent,
    );
    await waitForState(connection, (s) => s.kind === 'open');
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(server.frames.length, 1, 'the command was not re-sent after reconnect');
  });

  it('rejects at once when not connected', async () => {
    connection.close();
    await assert.rejects(client.send(getCommand('clusters')).done, (error: unknown) => error instanceof DisconnectedError && !error.sent);
  });
});
