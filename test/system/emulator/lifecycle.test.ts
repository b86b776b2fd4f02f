// Emulator: timed state transitions observed through mirror pushes (docs/PROTOCOL.md §4, §6), mirrors
// shared by one user's sockets, and isolation between users.
import * as assert from 'node:assert/strict';
import { Inventory, parseServerMessage } from '../../../src/qbo';
import { createServiceAccount, type RunningEmulator, type ServiceAccountEntry } from '../../../src/emulator';
import { freshEmulatorAndSocket, payload, startTestEmulator, TestSocket, type Frame } from '../../support/emulator';
import { changePushes } from './frames';

const USER = 'dev@localhost';

/** States one object went through, in push order (consecutive repeats folded). */
function history(pushes: Frame[], key: string, match: (object: Frame) => boolean, field = 'state'): string[] {
  const states: string[] = [];
  for (const object of payload(pushes, key)) {
    if (!match(object)) continue;
    const value = String(object[field]);
    if (states.at(-1) !== value) states.push(value);
  }
  return states;
}

describe('emulator: state machine and mirrors', () => {
  const fixture = freshEmulatorAndSocket();

  it('add cluster: starting → running, pods Pending → Running, network and services pushed; CMD_DONE after the end state', async () => {
    const frames = await fixture.socket.command('add cluster qa');
    const pushes = fixture.socket.pushes();
    assert.ok(pushes.every((push) => push.uuid === undefined && push.command === 'CMD_WATCH' && typeof push.command_id === 'string'));
    assert.deepEqual(
      history(pushes, 'clusters', (cluster) => cluster.name === 'qa'),
      ['starting', 'running'],
    );
    const nodes = payload(frames, 'nodes');
    assert.equal(new Set(nodes.map((node) => node.id)).size, 3);
    for (const id of new Set(nodes.map((node) => node.id)))
      assert.deepEqual(
        history(pushes, 'nodes', (node) => node.id === id),
        ['starting', 'running'],
      );
    const corednsIds = new Set(
      payload(pushes, 'pods')
        .filter((pod) => String(pod.name).startsWith('coredns-'))
        .map((pod) => pod.id),
    );
    assert.equal(corednsIds.size, 2);
    for (const id of corednsIds)
      assert.deepEqual(
        history(pushes, 'pods', (pod) => pod.id === id, 'status'),
        ['Pending', 'Running'],
      );
    assert.deepEqual(
      history(pushes, 'networks', (network) => network.name === 'qa'),
      ['ready'],
    );
    assert.equal(payload(pushes, 'services').filter((service) => service.cluster === 'qa').length, 2);
    // The command's own final data already shows the end state.
    assert.ok(payload(frames, 'pods').length > 0 && payload(frames, 'pods').every((pod) => pod.status === 'Running'));
    const lastPushIndex = fixture.socket.frames.lastIndexOf(pushes.at(-1) as Frame);
    assert.ok(fixture.socket.frames.indexOf(frames.at(-1) as Frame) > lastPushIndex, 'CMD_DONE comes after the last change');
  });

  it('stop then start: stopping → stopped (pods Unknown) → starting → running (pods Pending → Running)', async () => {
    await fixture.socket.command('stop cluster dev');
    await fixture.socket.command('start cluster dev');
    const pushes = fixture.socket.pushes();
    assert.deepEqual(
      history(pushes, 'clusters', (cluster) => cluster.name === 'dev'),
      ['stopping', 'stopped', 'starting', 'running'],
    );
    const etcd = payload(pushes, 'pods').find((pod) => String(pod.name).startsWith('etcd-'));
    assert.ok(etcd);
    assert.deepEqual(
      history(pushes, 'pods', (pod) => pod.id === etcd.id, 'status'),
      ['Unknown', 'Pending', 'Running'],
    );
    assert.deepEqual(
      history(pushes, 'ipvs', (entry) => entry.cluster === 'dev'),
      ['stopped', 'running'],
    );
  });

  it('delete: deleting → deleted for the cluster, and deleted pushes for every child', async () => {
    const frames = await fixture.socket.command('delete cluster prod');
    const pushes = fixture.socket.pushes();
    assert.deepEqual(
      history(pushes, 'clusters', (cluster) => cluster.name === 'prod'),
      ['deleting', 'deleted'],
    );
    assert.equal(payload(frames, 'clusters').at(-1)?.state, 'deleted');
    for (const key of ['nodes', 'pods', 'services', 'ipvs']) {
      const deleted = payload(pushes, key).filter((object) => object.state === 'deleted');
      assert.ok(deleted.length > 0 && deleted.every((object) => object.cluster === 'prod'), key);
    }
    assert.deepEqual(
      history(pushes, 'networks', (network) => network.name === 'prod'),
      ['deleted'],
    );
    assert.equal(fixture.emulator.state.getCluster(USER, 'prod'), undefined);
    assert.equal(fixture.emulator.state.counts(USER).nodes, 3);
  });

  it("feeds the library's inventory so that it ends in the emulator's state", async () => {
    const inventory = new Inventory({ coalesceMs: 0 });
    try {
      await fixture.socket.command('get clusters -A');
      await fixture.socket.command('get nodes -A');
      await fixture.socket.command('add cluster qa -n 2');
      await fixture.socket.command('delete cluster prod');
      await fixture.socket.command('stop node ' + String(fixture.emulator.state.list(USER, 'nodes', 'dev')[1]?.name));
      for (const frame of fixture.socket.frames) {
        const parsed = parseServerMessage(JSON.stringify(frame));
        assert.ok(parsed.ok);
        inventory.apply(parsed.message);
      }
      assert.deepEqual(
        inventory
          .all('clusters')
          .map((cluster) => `${cluster.name}:${cluster.state}`)
          .sort(),
        ['dev:running', 'qa:running'],
      );
      const expected = fixture.emulator.state
        .list(USER, 'nodes')
        .map((node) => `${node.name}:${node.state}`)
        .sort();
      assert.deepEqual(
        inventory
          .all('nodes')
          .map((node) => `${node.name}:${node.state}`)
          .sort(),
        expected,
      );
    } finally {
      inventory.dispose();
    }
  });

  it('takes simulated time at speed > 0, with the intermediate state visible meanwhile', async () => {
    const timed = await startTestEmulator({ speed: 0.02 }); // node stop: 2 s × 0.02 = 40 ms
    const client = await TestSocket.connect(timed);
    try {
      const started = Date.now();
      const done = client.command('stop cluster dev');
      await client.waitFor(() => changePushes(client).length > 0, 2000, 'first push');
      assert.equal(timed.state.getCluster(USER, 'dev')?.state, 'stopping');
      await done;
      assert.ok(Date.now() - started >= 35, `took ${Date.now() - started} ms`);
      assert.equal(timed.state.getCluster(USER, 'dev')?.state, 'stopped');
    } finally {
      await client.close();
      await timed.close();
    }
  });

  it('lets a stop or a delete overtake a start under way; every command still finishes', async () => {
    const timed = await startTestEmulator({ speed: 0.02 });
    const client = await TestSocket.connect(timed);
    try {
      const adding = client.command('add cluster race');
      await client.waitFor(() => timed.state.getCluster(USER, 'race')?.state === 'starting', 2000, 'starting');
      const stopping = client.command('stop cluster race');
      const [added, stopped] = await Promise.all([adding, stopping]);
      assert.equal(added.at(-1)?.code, 200);
      assert.equal(stopped.at(-1)?.code, 200);
      await new Promise((resolve) => setTimeout(resolve, 150)); // past any stale boot step
      assert.equal(timed.state.getCluster(USER, 'race')?.state, 'stopped');
      assert.ok(timed.state.list(USER, 'nodes', 'race').every((node) => node.state === 'stopped'));

      const starting = client.command('start cluster race');
      await client.waitFor(() => timed.state.getCluster(USER, 'race')?.state === 'starting', 2000, 'starting again');
      const deleted = await client.command('delete cluster race');
      assert.equal((await starting).at(-1)?.code, 200);
      assert.equal(deleted.at(-1)?.code, 200);
      assert.equal(timed.state.getCluster(USER, 'race'), undefined);
      assert.equal((await client.command('start cluster race')).at(-1)?.code, 404);
    } finally {
      await client.close();
      await timed.close();
    }
  });

  it("pushes one client's stop to the user's other client as CMD_WATCH", async () => {
    const other = await TestSocket.connect(fixture.emulator);
    try {
      await fixture.socket.command('stop cluster dev');
      await other.waitFor(
        () => history(other.pushes(), 'clusters', (cluster) => cluster.name === 'dev').includes('stopped'),
        3000,
        'stopped push',
      );
      assert.deepEqual(
        history(other.pushes(), 'clusters', (cluster) => cluster.name === 'dev'),
        ['stopping', 'stopped'],
      );
      assert.ok(
        other.frames.every((frame) => frame.uuid === undefined),
        'the other client only got pushes',
      );
      assert.ok(changePushes(other).every((push) => push.command_line === 'qbo stop cluster dev'));
    } finally {
      await other.close();
    }
  });
});

describe('emulator: users are isolated', () => {
  let emulator: RunningEmulator;
  let alice: ServiceAccountEntry;
  let bob: ServiceAccountEntry;
  let aliceSocket: TestSocket;
  let bobSocket: TestSocket;

  before(async () => {
    alice = await createServiceAccount('alice@example.com');
    bob = await createServiceAccount('bob@example.com');
    emulator = await startTestEmulator({ accounts: [alice, bob] });
    aliceSocket = await TestSocket.connect(emulator, alice);
    bobSocket = await TestSocket.connect(emulator, bob);
  });
  after(async () => {
    await Promise.all([aliceSocket.close(), bobSocket.close()]);
    await emulator.close();
  });

  it('gives each user their own copy of the world, with their e-mail and their own ids', async () => {
    const aliceClusters = payload(await aliceSocket.command('get clusters -A'), 'clusters');
    const bobClusters = payload(await bobSocket.command('get clusters -A'), 'clusters');
    assert.deepEqual(
      aliceClusters.map((cluster) => cluster.name),
      ['dev', 'prod'],
    );
    assert.ok(aliceClusters.every((cluster) => cluster.user === 'alice@example.com'));
    assert.ok(bobClusters.every((cluster) => cluster.user === 'bob@example.com'));
    const aliceIds = new Set(aliceClusters.map((cluster) => cluster.id));
    assert.ok(bobClusters.every((cluster) => !aliceIds.has(cluster.id)));
  });

  it("neither sees nor acts on the other's clusters, nor receives their pushes", async () => {
    assert.equal((await aliceSocket.command('add cluster secret')).at(-1)?.code, 200);
    assert.equal((await bobSocket.command('get clusters secret')).at(-1)?.code, 404);
    assert.equal((await bobSocket.command('stop cluster secret')).at(-1)?.code, 404);
    const aliceDev = emulator.state.getCluster('alice@example.com', 'dev');
    assert.ok(aliceDev);
    assert.equal((await bobSocket.command(`stop cluster ${aliceDev.id.slice(0, 8)}`)).at(-1)?.code, 404);
    assert.equal(emulator.state.getCluster('alice@example.com', 'secret')?.state, 'running');
    assert.equal(emulator.state.getCluster('alice@example.com', 'dev')?.state, 'running');
    assert.equal(changePushes(bobSocket).length, 0, 'bob got none of alice’s pushes');
    assert.ok(changePushes(aliceSocket).length > 0);
    assert.ok(aliceSocket.frames.every((frame) => frame.user === 'alice@example.com'));
  });
});
