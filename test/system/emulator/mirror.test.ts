// Emulator: the mirror's other traffic (docs/PROTOCOL.md §8): `input` (the command log of a user's
// other clients) and `clients` (the user's connected clients, answered and pushed), per user only.
import * as assert from 'node:assert/strict';
import { parseServerMessage } from '../../../src/qbo';
import { createServiceAccount, createTokenAccount, type RunningEmulator, type TokenAccountEntry } from '../../../src/emulator';
import { cookieFor, payload, startTestEmulator, TestSocket, type Frame } from '../../support/emulator';

const USER = 'dev@localhost';
/** The spec's `clients` item fields, in its order. */
const CLIENT_FIELDS = [
  'timestamp',
  'user',
  'mirror',
  'control',
  'address',
  'agent',
  'command',
  'command_id',
  'process_id',
  'thread_id',
  'wsi',
  'wss_over_h2',
  'host',
];

function inputs(socket: TestSocket): Frame[] {
  return socket.frames.filter((frame) => 'input' in frame);
}

function clientPushes(socket: TestSocket): Frame[] {
  return socket.frames.filter((frame) => 'clients' in frame && frame.uuid === undefined);
}

describe('emulator: input and clients', () => {
  let emulator: RunningEmulator;
  let token: TokenAccountEntry;
  const open: TestSocket[] = [];

  async function connect(account: 'service' | 'token' | 'bob', agent?: string): Promise<TestSocket> {
    const entry = account === 'service' ? emulator.accounts[0] : account === 'token' ? token : emulator.accounts[2];
    const headers: Record<string, string> = agent !== undefined ? { 'User-Agent': agent } : {};
    const socket = await TestSocket.open(emulator.url, await cookieFor(emulator, entry), ['qbo'], headers);
    open.push(socket);
    return socket;
  }

  beforeEach(async () => {
    token = createTokenAccount(USER);
    emulator = await startTestEmulator({
      accounts: [await createServiceAccount(USER), token, await createServiceAccount('bob@example.com')],
    });
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((socket) => socket.close()));
    await emulator.close();
  });

  it("sends a command to the user's other sockets as input, with the sender's peer and agent; never to the sender or another user", async () => {
    const sender = await connect('service', 'qbo-cli/4.3.0 (linux)');
    const other = await connect('token', 'Mozilla/5.0 console');
    const bob = await connect('bob');
    const frames = await sender.command('stop clusters dev');
    await other.waitFor(() => inputs(other).length > 0, 5000, 'input');
    const [input] = inputs(other) as [Frame];
    assert.deepEqual(input.input, [{ message: 'qbo stop clusters dev' }]);
    assert.equal(input.user, USER);
    assert.equal(input.peer, '127.0.0.1');
    assert.equal(input.agent, 'qbo-cli/4.3.0 (linux)');
    assert.equal(input.command_line, 'qbo stop clusters dev');
    assert.equal(input.command_id, frames[0]?.command_id, 'the command id of the command it logs');
    assert.equal(input.uuid, undefined, "the sender's request uuid stays private");
    assert.equal(typeof input.timestamp, 'number');
    const parsed = parseServerMessage(JSON.stringify(input));
    assert.ok(parsed.ok && parsed.message.payloads.some((entry) => entry.key === 'input' && entry.rejected === 0));

    await other.command('get clusters');
    await sender.waitFor(() => inputs(sender).length > 0, 5000, 'input back to the first client');
    assert.deepEqual(
      inputs(sender).map((frame) => [frame.input, frame.agent]),
      [[[{ message: 'qbo get clusters' }], 'Mozilla/5.0 console']],
      'only the other client’s command, never its own',
    );
    await bob.command('version');
    assert.deepEqual(inputs(bob), [], 'no input from another user');
    assert.ok(!inputs(sender).some((frame) => JSON.stringify(frame).includes('bob@')));
    assert.equal(inputs(other).length, 1);
  });

  it("answers get clients with the user's own sockets, fields in the spec's order", async () => {
    const first = await connect('service', 'qbo-cli/4.3.0');
    const second = await connect('token', 'qbo-explorer/0.1.0');
    const bob = await connect('bob', 'bob-agent');
    await second.command('version');
    const reply = await first.command('get clients');
    const clients = payload(reply, 'clients');
    assert.equal(clients.length, 2);
    for (const client of clients) assert.deepEqual(Object.keys(client), CLIENT_FIELDS);
    const byAgent = new Map(clients.map((client) => [client.agent, client]));
    assert.deepEqual([...byAgent.keys()].sort(), ['qbo-cli/4.3.0', 'qbo-explorer/0.1.0']);
    assert.equal(byAgent.get('qbo-explorer/0.1.0')?.command, 'qbo version');
    assert.equal(byAgent.get('qbo-cli/4.3.0')?.command, 'qbo get clients');
    assert.equal(byAgent.get('qbo-cli/4.3.0')?.command_id, reply[0]?.command_id);
    assert.ok(clients.every((client) => client.user === USER && client.address === '127.0.0.1' && client.host === '127.0.0.1'));
    assert.equal(new Set(clients.map((client) => client.mirror)).size, 1, 'one mirror per user');
    assert.equal(new Set(clients.map((client) => client.wsi)).size, 2);
    assert.ok(clients.every((client) => Number.isInteger(client.timestamp) && Number.isInteger(client.thread_id)));
    assert.equal(reply.find((frame) => 'clients' in frame)?.subcommand, 'SUBCMD_CLIENT');
    const parsed = parseServerMessage(JSON.stringify(reply.find((frame) => 'clients' in frame)));
    assert.ok(parsed.ok && parsed.message.payloads.every((entry) => entry.rejected === 0));

    const bobs = payload(await bob.command('get clients'), 'clients');
    assert.deepEqual(
      bobs.map((client) => [client.user, client.agent]),
      [['bob@example.com', 'bob-agent']],
    );
    assert.notEqual(bobs[0]?.mirror, clients[0]?.mirror);
  });

  it("pushes a fresh clients list to every socket of the user when one of the user's clients connects or leaves", async () => {
    const first = await connect('service', 'one');
    await first.waitFor(() => clientPushes(first).length === 1, 5000, 'own arrival');
    assert.deepEqual(
      (clientPushes(first)[0]?.clients as Frame[]).map((client) => client.agent),
      ['one'],
    );
    const second = await connect('token', 'two');
    await first.waitFor(() => clientPushes(first).length === 2, 5000, 'second arrival');
    await second.waitFor(() => clientPushes(second).length === 1, 5000, 'second arrival, seen by itself');
    for (const socket of [first, second]) {
      const latest = clientPushes(socket).at(-1) as Frame;
      assert.deepEqual((latest.clients as Frame[]).map((client) => client.agent).sort(), ['one', 'two']);
      assert.deepEqual([latest.command, latest.subcommand, latest.user], ['CMD_WATCH', 'SUBCMD_CLIENT', USER]);
    }
    const bob = await connect('bob', 'bob');
    await bob.waitFor(() => clientPushes(bob).length === 1, 5000, "bob's arrival");
    await second.close();
    await first.waitFor(() => clientPushes(first).length === 3, 5000, 'departure');
    assert.deepEqual(
      (clientPushes(first).at(-1)?.clients as Frame[]).map((client) => client.agent),
      ['one'],
    );
    assert.ok(
      first.frames.every((frame) => !JSON.stringify(frame).includes('bob')),
      "bob's arrival is not pushed to dev",
    );
    assert.equal(clientPushes(bob).length, 1, "dev's departure is not pushed to bob");
  });
});
