// Security: isolation between users on one server. Alice can neither see nor act on Bob's
// objects — get, start, stop, delete, kubeconfig, add node — by name or by short id, for clusters
// and nodes, nor through -A; commands on a cluster name both have touch only the caller's; and
// mirror pushes never cross, down to the inventory of Alice's own session.
import * as assert from 'node:assert/strict';
import { parseCliJson } from '../../../src/qbo';
import { QboSession } from '../../../src/session/session';
import { makeTestAccount, type RunningEmulator, type ServiceAccountEntry } from '../../../src/emulator';
import { startTestEmulator, TestSocket, type Frame } from '../../support/emulator';

const ALICE = 'alice@example.com';
const BOB = 'bob@example.com';

describe('security: users never see or touch each other’s objects', function () {
  this.timeout(20_000);
  let emulator: RunningEmulator;
  let alice: TestSocket;
  let bob: TestSocket;
  let aliceAccount: ServiceAccountEntry;
  /** Full ids of Bob's objects, and the names only he has. */
  let bobIds: string[];

  /** Bob's world as the server holds it, for before/after comparisons. */
  const bobWorld = (): string => JSON.stringify(['clusters', 'nodes', 'pods'].map((kind) => emulator.state.list(BOB, kind as 'clusters')));

  before(async () => {
    aliceAccount = (await makeTestAccount(ALICE)).account;
    const bobAccount = (await makeTestAccount(BOB)).account;
    emulator = await startTestEmulator({ accounts: [aliceAccount, bobAccount] });
    alice = await TestSocket.connect(emulator, aliceAccount);
    bob = await TestSocket.connect(emulator, bobAccount);
    // Bob owns a cluster Alice has no namesake of, plus his own `dev` and `prod`.
    assert.equal((await bob.command('add cluster bob-vault -n 2')).at(-1)?.code, 200);
    const vault = emulator.state.getCluster(BOB, 'bob-vault');
    assert.ok(vault);
    const nodes = emulator.state.list(BOB, 'nodes', 'bob-vault');
    assert.equal(nodes.length, 2);
    bobIds = [vault.id, ...nodes.map((node) => node.id)];
    for (const kind of ['clusters', 'nodes', 'pods', 'services', 'ipvs'] as const)
      bobIds.push(...emulator.state.list(BOB, kind).map((object) => object.id));
  });
  after(async () => {
    await Promise.all([alice.close(), bob.close()]);
    await emulator.close();
  });

  /**
   * Nothing Alice's socket ever received carries Bob's data: every frame is addressed to her,
   * every object in a payload is hers, and none of Bob's full ids appears anywhere (she only ever
   * typed his names and 8-character short ids, which her own command lines and errors echo).
   */
  function assertAliceSawNothingOfBob(): void {
    for (const frame of alice.frames) {
      assert.equal(frame.user, ALICE);
      for (const key of ['clusters', 'nodes', 'pods', 'services', 'networks', 'ipvs']) {
        for (const object of (frame[key] as Frame[] | undefined) ?? [])
          assert.equal(object.user, ALICE, `${key} of ${String(object.user)}`);
      }
      for (const line of (frame.output as Frame[] | undefined) ?? []) assert.equal(line.kubeconfig, undefined, 'no kubeconfig handed out');
      const text = JSON.stringify(frame);
      for (const id of bobIds) assert.ok(!text.includes(id), `alice received ${id}: ${text.slice(0, 200)}`);
    }
  }

  async function codeOf(socket: TestSocket, line: string): Promise<number> {
    const frames = await socket.command(line);
    return (frames.at(-1) as Frame).code as number;
  }

  it('answers 404 to every command naming Bob’s cluster or nodes, by name and by short id, and changes nothing', async () => {
    const before = bobWorld();
    const vault = emulator.state.getCluster(BOB, 'bob-vault');
    const [control, worker] = emulator.state.list(BOB, 'nodes', 'bob-vault');
    assert.ok(vault && control && worker);
    const clusterRefs = ['bob-vault', vault.id.slice(0, 8)];
    const nodeRefs = [control.name, worker.id.slice(0, 8), worker.name, control.id.slice(0, 8)];
    const lines = [
      ...clusterRefs.flatMap((ref) => [
        `get cluster ${ref}`,
        `get nodes ${ref}`,
        `get pods ${ref}`,
        `get services ${ref}`,
        `get net ${ref}`,
        `get ipvs ${ref}`,
        `get cluster ${ref} -k`,
        `start cluster ${ref}`,
        `stop cluster ${ref}`,
        `delete cluster ${ref}`,
        `add node ${ref}`,
        `add node ${ref} -n 3`,
        `stop clusters dev ${ref}`, // one of Alice's own plus one of Bob's: refused as a whole
      ]),
      ...nodeRefs.flatMap((ref) => [`start node ${ref}`, `stop node ${ref}`, `delete node ${ref}`, `stop nodes dev ${ref}`]),
    ];
    for (const line of lines) assert.equal(await codeOf(alice, line), 404, line);
    assert.equal(bobWorld(), before, 'Bob’s world is untouched');
    assert.equal(emulator.state.getCluster(ALICE, 'dev')?.state, 'running', 'and the half-valid lines did nothing to Alice’s either');
    assertAliceSawNothingOfBob();
  });

  it('acts only on the caller’s own cluster when both have one of that name, and pushes only to the caller', async () => {
    const bobPushes = bob.pushes().length;
    assert.equal(await codeOf(alice, 'stop cluster dev'), 200);
    assert.equal(emulator.state.getCluster(ALICE, 'dev')?.state, 'stopped');
    assert.equal(emulator.state.getCluster(BOB, 'dev')?.state, 'running');
    assert.equal(await codeOf(alice, 'start cluster dev'), 200);
    assert.ok(alice.pushes().length > 0, 'Alice saw her own pushes');
    assert.equal(bob.pushes().length, bobPushes, 'Bob got none of them');
    assert.ok(bob.frames.every((frame) => frame.user === BOB));
    assertAliceSawNothingOfBob();
  });

  it('keeps -A to the caller’s own objects', async () => {
    const before = bobWorld();
    const bobPushes = bob.pushes().length;
    assert.equal(await codeOf(alice, 'stop clusters -A'), 200);
    assert.equal(await codeOf(alice, 'stop nodes -A'), 200);
    assert.equal(await codeOf(alice, 'delete clusters -A'), 200);
    assert.equal(emulator.state.list(ALICE, 'clusters').length, 0, 'Alice deleted all of hers');
    assert.equal(bobWorld(), before, 'and none of Bob’s');
    assert.equal(bob.pushes().length, bobPushes);
    const listing = await alice.command('get pods -A');
    assert.equal(listing.filter((frame) => Array.isArray(frame.pods)).flatMap((frame) => frame.pods as Frame[]).length, 0);
    assertAliceSawNothingOfBob();
  });

  it('never lets Bob’s activity reach Alice’s session inventory', async () => {
    const credentials = parseCliJson(emulator.clientConfig(aliceAccount));
    const session = new QboSession({
      profile: { name: 'alice', host: credentials.host, port: credentials.port },
      credentials,
      logger: { trace() {}, info() {}, warn() {}, error() {} },
      coalesceMs: 1,
    });
    let pushes = 0;
    session.client.onMessage((message) => message.watch && pushes++);
    try {
      session.start();
      assert.ok(await session.whenReady(5000));
      assert.equal(await codeOf(alice, 'add cluster mine -n 1'), 200);
      assert.equal(await codeOf(bob, 'stop cluster bob-vault'), 200);
      assert.equal(await codeOf(bob, 'add cluster bob-two -n 1'), 200);
      assert.equal(await codeOf(bob, 'delete cluster dev'), 200);
      assert.equal(await codeOf(alice, 'get clusters'), 200);
      session.inventory.flush();
      assert.ok(pushes > 0, 'the session did receive Alice’s pushes');
      assert.deepEqual(
        session.inventory.all('clusters').map((cluster) => cluster.name),
        ['mine'],
      );
      for (const kind of ['clusters', 'nodes', 'pods', 'services', 'networks', 'ipvs', 'users'] as const) {
        for (const [key, entity] of session.inventory.entries(kind)) {
          const text = JSON.stringify(entity);
          assert.ok(!bobIds.some((id) => text.includes(id)) && !/bob-(vault|two)|bob@/.test(text), `${kind} ${key} is Bob’s`);
          const owner = (entity as { user?: string; email?: string }).email ?? (entity as { user?: string }).user;
          assert.equal(owner, ALICE, `${kind} ${key} belongs to Alice`);
        }
      }
    } finally {
      session.dispose();
    }
  });
});
