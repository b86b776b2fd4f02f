// Reliability: the server dies in the middle of a command and comes back (a new emulator on the
// same port, same accounts, a world that changed meanwhile). Real sockets, the real emulator.
import * as assert from 'node:assert/strict';
import type { TreeModel } from '../../../src/explorer/treeModel';
import { singleProfileModel } from '../../support/treeModel';
import type { TreeElement } from '../../../src/explorer/treeElements';
import { DisconnectedError, parseCliJson, stopCommand, namedTargets, type ConnectionState, type QboCredentials } from '../../../src/qbo';
import { QboSession } from '../../../src/session/session';
import { makeTestAccount, smallWorld, type EmulatorState, type RunningEmulator, type WorldBlueprint } from '../../../src/emulator';
import { startTestEmulator } from '../../support/emulator';
import { assertInventoryMatches } from '../../support/inventoryChecks';
import { testSession } from '../../support/session';
import { waitUntil } from '../../support/wait';

const USER = 'ops@example.com';
/** Walks the whole tree; checks every folder against the emulator; returns every element seen. */
function assertTreeMatches(model: TreeModel, state: EmulatorState, user: string): TreeElement[] {
  const seen: TreeElement[] = [];
  const ids = (elements: TreeElement[]): string[] => elements.map((element) => String(model.entity(element)?.id)).sort();
  const roots = model.children();
  seen.push(...roots);
  const clusters = state.list(user, 'clusters');
  assert.deepEqual(
    roots.map((element) => model.entity(element)?.name),
    clusters.map((cluster) => cluster.name).sort(),
    'one row per cluster, sorted',
  );
  for (const root of roots) {
    const name = String(model.entity(root)?.name);
    const folders = model.children(root);
    seen.push(...folders);
    for (const folder of folders) {
      if (folder.type !== 'folder') assert.fail('a cluster has folders');
      const rows = model.children(folder);
      seen.push(...rows);
      const expected = state
        .list(user, folder.folder, name)
        .map((object) => object.id)
        .sort();
      assert.deepEqual(ids(rows), expected, `${name}/${folder.folder}`);
      if (folder.folder !== 'nodes') continue;
      for (const nodeRow of rows) {
        const nodeName = String(model.entity(nodeRow)?.name);
        const pods = model.children(nodeRow);
        seen.push(...pods);
        assert.deepEqual(
          ids(pods),
          state
            .list(user, 'pods', name)
            .filter((pod) => pod.node === nodeName)
            .map((pod) => pod.id)
            .sort(),
          `pods on ${nodeName}`,
        );
      }
    }
  }
  assert.equal(new Set(seen.map((element) => element.id)).size, seen.length, 'no row appears twice');
  return seen;
}

/** The small world, with `prod` deleted while the client was away. */
const worldWithoutProd: WorldBlueprint = (user) => {
  const world = smallWorld(user);
  const prod = world.clusterByName('prod');
  if (prod) world.removeCluster(prod);
  return world;
};

describe('reliability: the server dies mid-command and comes back', () => {
  let first: RunningEmulator | undefined;
  let second: RunningEmulator | undefined;
  let session: QboSession | undefined;
  let model: TreeModel | undefined;

  afterEach(async () => {
    model?.dispose();
    session?.dispose();
    await first?.close();
    await second?.close();
    model = session = first = second = undefined;
  });

  it('fails the command in flight without re-sending it, reconnects with backoff, and resyncs inventory and tree with no ghosts or duplicates', async () => {
    const { account } = await makeTestAccount(USER);
    // Speed 1: `stop cluster dev` takes 2 s, so it is certainly in flight when the server dies.
    first = await startTestEmulator({ accounts: [account], speed: 1 });
    const credentials: QboCredentials = parseCliJson(first.clientConfig());
    ({ session } = testSession(credentials, {
      requestTimeoutMs: 5000,
      connection: { initialBackoffMs: 40, maxBackoffMs: 160, random: () => 0.5 },
    }));
    const frames: string[] = [];
    const send = session.connection.send.bind(session.connection);
    session.connection.send = (frame: string) => {
      frames.push(frame);
      send(frame);
    };
    const states: ConnectionState[] = [];
    session.connection.onState((state) => states.push(state));
    session.start();
    assert.ok(await session.whenReady(5000), 'ready against the first server');
    session.inventory.flush();
    model = singleProfileModel(session.inventory);
    assertInventoryMatches(session.inventory, first.state, USER);
    const before = assertTreeMatches(model, first.state, USER);
    const prodKey = session.inventory.findCluster('prod')?.[0];
    assert.ok(prodKey && before.some((element) => element.id.includes(prodKey)), 'prod is shown at first');

    // The command is accepted, then the server dies.
    let accepted!: () => void;
    const acceptedNow = new Promise<void>((resolve) => (accepted = resolve));
    const stop = session.run(
      stopCommand('clusters', namedTargets('clusters', 'dev')),
      (progress) => progress.phase === 'accepted' && accepted(),
    );
    const outcome = stop.then(
      () => undefined,
      (error: unknown) => error,
    );
    await acceptedNow;
    const killedAt = states.length;
    await first.close();
    first = undefined;
    const error = await outcome;
    assert.ok(error instanceof DisconnectedError, `a DisconnectedError, got ${String(error)}`);
    assert.equal(error.sent, true);
    assert.match(error.message, /^qbo stop clusters dev: the connection was lost before the command finished; it was not re-sent/);
    assert.equal(session.client.inFlight, 0);

    // Down for a while: attempts are refused and spaced out by a growing backoff.
    await waitUntil(
      () => states.slice(killedAt).filter((state) => state.kind === 'reconnecting').length >= 3,
      3000,
      'three reconnect attempts',
    );
    second = await startTestEmulator({ port: credentials.port, accounts: [account], world: worldWithoutProd });
    await waitUntil(() => session?.status.kind === 'ready' && session.connection.isOpen, 5000, 'ready against the second server');
    session.inventory.flush();

    const retries = states
      .slice(killedAt)
      .filter((state): state is Extract<ConnectionState, { kind: 'reconnecting' }> => state.kind === 'reconnecting');
    assert.match(retries[0]?.reason ?? '', /closed \(1001/, 'the first retry names the server going away');
    assert.ok(
      retries.slice(1).every((state) => /ECONNREFUSED/.test(state.reason)),
      'later retries name the refused connection',
    );
    for (let i = 1; i < retries.length; i++) {
      assert.ok(
        (retries[i] as { delayMs: number }).delayMs >= (retries[i - 1] as { delayMs: number }).delayMs,
        'the backoff never shrinks while down',
      );
      assert.ok((retries[i] as { delayMs: number }).delayMs <= 160, 'and stays under its cap');
    }

    // The stop was sent exactly once, and never to the new server.
    const lines = frames.map((frame) => (JSON.parse(frame) as { cmd: string }).cmd);
    assert.equal(lines.filter((line) => line.startsWith('stop')).length, 1);
    assert.equal(second.state.getCluster(USER, 'dev')?.state, 'running', 'the new server never saw the stop');

    // The inventory and the tree show the new server's world: prod and its children are gone,
    // dev (same ids on both servers) appears once, with its current state.
    assert.equal(session.inventory.findCluster('prod'), undefined);
    assertInventoryMatches(session.inventory, second.state, USER);
    const after = assertTreeMatches(model, second.state, USER);
    assert.ok(!after.some((element) => element.id.includes(prodKey)), 'no ghost of prod in the tree');
  });
});
