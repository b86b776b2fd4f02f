// When a command ends (docs/DECISIONS.md, "When a command ends"), over a real socket: a scripted
// server that answers in one message (the vendor page's dialect) and one that plays the lifecycle.
import * as assert from 'node:assert/strict';
import { CommandFailedError, CommandTimeoutError, QboClient, type RequestPhase } from '../../../src/qbo/client';
import { addClusterCommand, getCommand, namedTargets, stopCommand } from '../../../src/qbo/commands';
import { QboConnection } from '../../../src/qbo/connection';
import { Inventory } from '../../../src/qbo/inventory';
import { lifecycle, reply, ScriptedServer, singleReply } from '../../support/scriptedServer';
import { waitUntil } from '../../support/wait';

describe('command end: single-reply and lifecycle servers', () => {
  let server: ScriptedServer;
  let connection: QboConnection;
  let client: QboClient;

  /** A long inactivity timeout: a command that waited for a terminator would fail the test by mocha's timeout. */
  async function open(options: { uuid?: () => string } = {}): Promise<void> {
    server = new ScriptedServer();
    const port = await server.listen();
    connection = new QboConnection({ host: '127.0.0.1', port, cookie: async () => 'qbo_uid=u; qbo_aux=', initialBackoffMs: 20 });
    client = new QboClient(connection, { requestTimeoutMs: 60_000, ...options });
    connection.connect();
    await waitUntil(() => connection.isOpen, 5000, 'the link to open');
  }

  afterEach(async () => {
    client.dispose();
    connection.dispose();
    await server.close();
  });

  it('ends a get answered by one 200 data message, with its data', async () => {
    await open();
    server.onCommand = (socket, frame) => singleReply(socket, frame, { clusters: [{ name: 'dev', id: 'c1', state: 'running' }] });
    const phases: RequestPhase[] = [];
    const result = await client.send(getCommand('clusters'), { onProgress: (progress) => phases.push(progress.phase) }).done;
    assert.deepEqual(phases, ['sent', 'done']);
    assert.equal(result.code, 200);
    assert.equal(result.data.length, 1);
    assert.deepEqual(
      result.data[0]?.payloads.flatMap((payload) => payload.items),
      [{ name: 'dev', id: 'c1', state: 'running' }],
    );
    assert.equal(client.inFlight, 0);
  });

  it('ends a start/stop answered by one final 200 with its output', async () => {
    await open();
    server.onCommand = (socket, frame) =>
      reply(socket, frame.uuid, 200, { status: 'OK', command: 'CMD_STOP', output: [{ message: 'cluster dev stopped' }] });
    const result = await client.send(stopCommand('clusters', namedTargets('clusters', 'dev'))).done;
    assert.deepEqual(result.output, ['cluster dev stopped']);
  });

  it('rejects a command answered by one 4xx, with the server reason', async () => {
    await open();
    server.onCommand = (socket, frame) =>
      reply(socket, frame.uuid, 404, { status: 'Not Found', output: [{ message: 'cluster nope not found' }] });
    await assert.rejects(client.send(stopCommand('clusters', namedTargets('clusters', 'nope'))).done, (error: unknown) => {
      assert.ok(error instanceof CommandFailedError);
      assert.equal(error.code, 404);
      assert.equal(error.serverMessage, 'cluster nope not found');
      return true;
    });
  });

  it('after 202 Accepted, a 200 data message does not end the command: CMD_DONE does', async () => {
    await open();
    let finish: (() => void) | undefined;
    server.onCommand = (socket, frame) => {
      reply(socket, frame.uuid, 202, { status: 'Accepted' });
      reply(socket, frame.uuid, 200, { status: 'OK', command: 'CMD_GET', nodes: [{ name: 'n1', id: 'n1', cluster: 'dev' }] });
      finish = () =>
        reply(socket, frame.uuid, 200, { status: 'OK', command: 'CMD_DONE', nodes: [{ name: 'n2', id: 'n2', cluster: 'dev' }] });
    };
    let settled = false;
    let delivered = 0;
    client.onMessage(() => delivered++);
    const request = client.send(getCommand('nodes'));
    void request.done.finally(() => (settled = true));
    await waitUntil(() => delivered === 2, 5000, 'the 202 and the data message');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(settled, false, 'still waiting for CMD_DONE after a data message');
    finish?.();
    const result = await request.done;
    assert.equal(result.data.length, 2, 'the data of the CMD_DONE message is kept too');
  });

  it('an error after 202 ends the command without CMD_DONE', async () => {
    await open();
    server.onCommand = (socket, frame) => {
      reply(socket, frame.uuid, 202, { status: 'Accepted' });
      reply(socket, frame.uuid, 500, { status: 'Internal Server Error', output: [{ message: 'boom' }] });
    };
    await assert.rejects(
      client.send(getCommand('pods')).done,
      (error: unknown) => error instanceof CommandFailedError && error.code === 500,
    );
  });

  it('a 202 that is never followed times out (inactivity), it never hangs', async () => {
    await open();
    server.onCommand = (socket, frame) => reply(socket, frame.uuid, 202, { status: 'Accepted' });
    await assert.rejects(client.send(getCommand('nodes'), { timeoutMs: 200 }).done, CommandTimeoutError);
    assert.equal(client.inFlight, 0);
  });

  it('a long add cluster that keeps streaming progress outlives the inactivity timeout: every message re-arms it', async () => {
    await open();
    // 16 progress lines 50 ms apart: the command runs twice as long as its 400 ms timeout, yet the
    // server is never silent for more than an eighth of it. Timers never fire early, so the run
    // always outlasts the timeout; only a timeout armed once (at send) fails it.
    const timeoutMs = 400;
    const progress = Array.from({ length: 16 }, (_, index) => `pulling kindest/node: ${index + 1}/16`);
    let streaming: NodeJS.Timeout | undefined;
    server.onCommand = (socket, frame) => {
      reply(socket, frame.uuid, 202, { status: 'Accepted', output: [{ message: 'command accepted' }] });
      const lines = [...progress];
      streaming = setInterval(() => {
        const line = lines.shift();
        if (line !== undefined) {
          reply(socket, frame.uuid, 200, { status: 'OK', command: 'CMD_ADD', output: [{ message: line }] });
          return;
        }
        clearInterval(streaming);
        reply(socket, frame.uuid, 200, { status: 'OK', command: 'CMD_DONE', output: [{ message: 'cluster big added' }] });
      }, 50);
    };
    const seen: string[] = [];
    try {
      const result = await client.send(addClusterCommand(['big']), { timeoutMs, onProgress: (update) => seen.push(...update.output) }).done;
      assert.deepEqual(result.output, ['command accepted', ...progress, 'cluster big added']);
      assert.deepEqual(seen, result.output, 'every line was reported as progress while the command ran');
      assert.equal(client.inFlight, 0);
    } finally {
      clearInterval(streaming);
    }
  });

  it('a listing answered in one message sweeps what it no longer has', async () => {
    await open();
    const inventory = new Inventory({ coalesceMs: 0 });
    client.onMessage((message) => inventory.apply(message));
    let clusters = [
      { name: 'dev', id: 'c1' },
      { name: 'prod', id: 'c2' },
    ];
    server.onCommand = (socket, frame) => singleReply(socket, frame, { clusters });
    const list = async (): Promise<void> => {
      await client.send(getCommand('clusters'), { beforeSend: (uuid) => inventory.trackListing(uuid, 'clusters') }).done;
    };
    await list();
    assert.deepEqual(
      inventory
        .all('clusters')
        .map((cluster) => cluster.name)
        .sort(),
      ['dev', 'prod'],
    );
    clusters = [{ name: 'dev', id: 'c1' }];
    await list();
    assert.deepEqual(
      inventory.all('clusters').map((cluster) => cluster.name),
      ['dev'],
      'prod, gone from the listing, was swept',
    );
    inventory.dispose();
  });

  it('never mistakes an input message (another client’s command line) for the reply', async () => {
    await open({ uuid: () => 'shared-uuid' });
    server.onCommand = (socket, frame) => {
      // The vendor page's uuid is a client identity: another client's command log may carry it.
      reply(socket, frame.uuid, 200, { status: 'OK', user: 'alex@qbo.io', input: [{ message: 'qbo stop clusters dev' }] });
      singleReply(socket, frame, { clusters: [{ name: 'dev', id: 'c1' }] });
    };
    const result = await client.send(getCommand('clusters')).done;
    assert.equal(result.data.length, 1);
    assert.equal(result.data[0]?.payloads[0]?.key, 'clusters');
  });

  it('two commands with the same uuid: the second is sent once the first has ended, each gets its own answer', async () => {
    await open({ uuid: () => 'shared-uuid' });
    const answers: Record<string, string> = { 'get clusters -A': 'from-clusters', 'get nodes -A': 'from-nodes' };
    server.onCommand = (socket, frame) => {
      // Answer slowly, so a second frame sent too early would reach the server before this reply.
      setTimeout(() => singleReply(socket, frame, { output: [{ message: answers[frame.cmd] ?? '?' }] }), 50);
    };
    const first = client.send(getCommand('clusters'));
    const second = client.send(getCommand('nodes'));
    await waitUntil(() => server.frames.length >= 1, 5000, 'the first frame');
    assert.equal(server.frames.length, 1, 'the second command waits for the first');
    const [a, b] = await Promise.all([first.done, second.done]);
    assert.deepEqual(a.output, ['from-clusters']);
    assert.deepEqual(b.output, ['from-nodes']);
    assert.equal(server.frames.length, 2);
  });

  it('with a repeated uuid, a late message of another command id is not taken for this command', async () => {
    await open({ uuid: () => 'shared-uuid' });
    server.onCommand = (socket, frame) => {
      reply(socket, frame.uuid, 202, { status: 'Accepted', command_id: 'mine' });
      reply(socket, frame.uuid, 200, { status: 'OK', command: 'CMD_DONE', command_id: 'an-older-one', output: [{ message: 'late' }] });
      reply(socket, frame.uuid, 200, { status: 'OK', command: 'CMD_DONE', command_id: 'mine', output: [{ message: 'done' }] });
    };
    const result = await client.send(getCommand('clusters')).done;
    assert.equal(result.commandId, 'mine');
    assert.deepEqual(result.output, ['done']);
  });

  it('a lifecycle server still ends at CMD_DONE with every phase', async () => {
    await open();
    server.onCommand = (socket, frame) => lifecycle(socket, frame.uuid, { clusters: [{ id: 'c1', name: 'dev' }] });
    const phases: RequestPhase[] = [];
    await client.send(getCommand('clusters'), { onProgress: (progress) => phases.push(progress.phase) }).done;
    assert.deepEqual(phases, ['sent', 'accepted', 'started', 'data', 'done']);
  });
});
