// Frames are handled in time slices (src/qbo/inbox.ts) against a real socket: a server that sends
// a long reply and closes right after it still has every frame of it handled, in order, before the
// connection reports the close, so the command succeeds instead of failing as disconnected.
import * as assert from 'node:assert/strict';
import { getCommand, QboClient, QboConnection } from '../../../src/qbo';
import { ScriptedServer, reply } from '../../support/scriptedServer';
import { waitUntil } from '../../support/wait';

describe('inbound frames in time slices', function () {
  this.timeout(20_000);
  let server: ScriptedServer;
  afterEach(async () => server.close());

  it('handles what a socket delivered before its close, in order', async () => {
    server = new ScriptedServer();
    const MESSAGES = 300;
    server.onCommand = (socket, frame) => {
      reply(socket, frame.uuid, 202, { status: 'Accepted', output: [{ message: 'command accepted' }] });
      for (let i = 0; i < MESSAGES; i++) {
        const pods = Array.from({ length: 200 }, (_, j) => ({ id: `p-${i}-${j}`, name: `pod-${i}-${j}`, cluster: 'dev', namespace: 'x' }));
        reply(socket, frame.uuid, 200, { status: 'OK', command: 'CMD_GET', pods });
      }
      reply(socket, frame.uuid, 200, { status: 'OK', command: 'CMD_DONE' });
      socket.close(1000, 'done');
    };
    const port = await server.listen();
    const connection = new QboConnection({
      host: '127.0.0.1',
      port,
      cookie: () => Promise.resolve('qbo_uid=t; qbo_aux='),
      pingIntervalMs: 60_000,
    });
    const client = new QboClient(connection, { requestTimeoutMs: 10_000 });
    const states: string[] = [];
    connection.onState((state) => states.push(state.kind));
    try {
      connection.connect();
      await waitUntil(() => connection.isOpen, 5_000, 'open');
      const result = await client.send(getCommand('pods')).done;
      assert.equal(result.data.length, MESSAGES, 'every data message, none lost to the close');
      assert.deepEqual(
        result.data.map((message) => message.payloads[0]?.items[0]?.name),
        Array.from({ length: MESSAGES }, (_, i) => `pod-${i}-0`),
        'in order',
      );
      await waitUntil(() => states.includes('reconnecting'), 5_000, 'the close to be reported');
    } finally {
      client.dispose();
      connection.dispose();
    }
  });
});
