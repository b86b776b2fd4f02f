// ServerFacts over a real socket against the real emulator: the version asked once per
// connection, the user named by the envelopes, and the clients of the user's mirror.
import * as assert from 'node:assert/strict';
import type { RunningEmulator } from '../../../src/emulator';
import type { QboCredentials } from '../../../src/qbo';
import { ServerFacts } from '../../../src/session/serverFacts';
import { versionSummary } from '../../../src/ui/serverText';
import { credentialsFor, libraryClient, startTestEmulator } from '../../support/emulator';
import { waitUntil } from '../../support/wait';

function open(credentials: QboCredentials) {
  const { connection, client } = libraryClient(credentials);
  const sent: string[] = [];
  const send = connection.send.bind(connection);
  connection.send = (text: string) => {
    sent.push((JSON.parse(text) as { cmd: string }).cmd);
    send(text);
  };
  const facts = new ServerFacts(client);
  connection.connect();
  return {
    connection,
    client,
    facts,
    sent,
    dispose() {
      facts.dispose();
      client.dispose();
      connection.dispose();
    },
  };
}

describe('server facts', () => {
  let emulator: RunningEmulator;
  const opened: { dispose(): void }[] = [];
  beforeEach(async () => {
    emulator = await startTestEmulator();
  });
  afterEach(async () => {
    for (const item of opened.splice(0)) item.dispose();
    await emulator.close();
  });

  describe('version and user', () => {
    it('asks the version once per connection, in the background, and again after a reconnect', async () => {
      const session = open(credentialsFor(emulator));
      opened.push(session);
      let changes = 0;
      session.facts.onDidChange(() => changes++);
      await waitUntil(() => session.facts.version !== undefined, 5000, 'the version reply');
      assert.match(versionSummary(session.facts.version) ?? '', /\d+\.\d+/);
      assert.deepEqual(
        session.sent.filter((cmd) => cmd === 'version'),
        ['version'],
      );
      assert.ok(changes >= 1);
      session.connection.close('test');
      session.connection.connect();
      await waitUntil(
        () => session.sent.filter((cmd) => cmd === 'version').length === 2,
        5000,
        'a second version request after reconnecting',
      );
    });

    it('names the user as the server writes it in its envelopes', async () => {
      const credentials = credentialsFor(emulator);
      const session = open(credentials);
      opened.push(session);
      await waitUntil(() => session.facts.user !== undefined, 5000, 'a message naming the user');
      assert.equal(session.facts.user, credentials.user);
    });
  });

  describe('the clients of the user', () => {
    it('keeps the pushed clients list as clients of the user come and go', async () => {
      const first = open(credentialsFor(emulator));
      opened.push(first);
      await waitUntil(() => first.facts.clients?.length === 1, 5000, 'the list naming this client');
      const second = open(credentialsFor(emulator));
      opened.push(second);
      await waitUntil(() => first.facts.clients?.length === 2, 5000, 'a fresh list when a second client connects');
      second.dispose();
      await waitUntil(() => first.facts.clients?.length === 1, 5000, 'a fresh list when it leaves');
    });

    it('asks get clients and takes the whole answer as the list', async () => {
      const first = open(credentialsFor(emulator));
      const second = open(credentialsFor(emulator));
      opened.push(first, second);
      await waitUntil(() => first.connection.isOpen && second.connection.isOpen, 5000, 'both connections');
      const clients = await first.facts.fetchClients(5000);
      assert.equal(clients.length, 2);
      assert.deepEqual(first.facts.clients, clients);
      assert.ok(first.sent.includes('get clients'));
      for (const client of clients) assert.equal(client.user, credentialsFor(emulator).user);
    });

    it('forgets the list when its own connection drops', async () => {
      const session = open(credentialsFor(emulator));
      opened.push(session);
      await waitUntil(() => session.facts.clients !== undefined, 5000, 'a clients list');
      session.connection.close('test');
      await waitUntil(() => session.facts.clients === undefined, 5000, 'the list forgotten');
    });
  });
});
