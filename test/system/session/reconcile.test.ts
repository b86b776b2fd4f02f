// Reconcile after own commands (docs/DECISIONS.md "Reconcile"), against the real emulator that
// never pushes deletions, in both reply dialects. With a 5 s request timeout every command and
// listing must end by the command-end rule: a wrong rule fails here by CommandTimeoutError.
import * as assert from 'node:assert/strict';
import {
  addClusterCommand,
  addNodeCommand,
  CommandFailedError,
  deleteCommand,
  getCommand,
  kubeconfigCommand,
  byName,
  namedTargets,
  parseCliJson,
  startCommand,
  stopCommand,
} from '../../../src/qbo';
import { type RunningEmulator } from '../../../src/emulator';
import { QboSession } from '../../../src/session/session';
import { startTestEmulator } from '../../support/emulator';
import { assertInventoryMatches, LISTED_KINDS } from '../../support/inventoryChecks';
import { recordingLogger, testSession } from '../../support/session';

const USER = 'dev@localhost';

for (const replies of ['single', 'lifecycle'] as const) {
  describe(`reconcile after own commands: --replies ${replies} --deleted-pushes off`, () => {
    let emulator: RunningEmulator;
    let session: QboSession;
    let logger: ReturnType<typeof recordingLogger>;

    beforeEach(async () => {
      emulator = await startTestEmulator({ replies, deletedPushes: false });
      const credentials = parseCliJson(emulator.clientConfig(), 'test');
      ({ session, logger } = testSession(credentials, { requestTimeoutMs: 5000 }));
      session.start();
      assert.ok(await session.whenReady(5000), 'the first listing ends');
    });
    afterEach(async () => {
      session.dispose();
      await emulator.close();
    });

    it('listing, stop, start, add, add node, delete, kubeconfig and images all end within a 5 s timeout, and the inventory follows', async () => {
      assertInventoryMatches(session.inventory, emulator.state, USER);

      await session.run(stopCommand('clusters', namedTargets('clusters', 'dev')));
      assert.equal(session.inventory.findCluster('dev')?.[1].state, 'stopped');
      assertInventoryMatches(session.inventory, emulator.state, USER);

      await session.run(startCommand('clusters', namedTargets('clusters', 'dev')));
      assert.equal(session.inventory.findCluster('dev')?.[1].state, 'running');
      assertInventoryMatches(session.inventory, emulator.state, USER);

      await session.run(addClusterCommand(['extra'], { nodes: 2 }));
      assert.ok(session.inventory.findCluster('extra'), 'the added cluster appears');
      assert.equal(session.inventory.inCluster('extra', 'nodes').length, emulator.state.list(USER, 'nodes', 'extra').length);
      assert.ok(session.inventory.inCluster('extra', 'nodes').length >= 2, 'with its nodes');
      assertInventoryMatches(session.inventory, emulator.state, USER);

      await session.run(addNodeCommand({ ref: byName('extra'), cluster: 'extra' }, 1));
      assertInventoryMatches(session.inventory, emulator.state, USER);

      const kubeconfig = await session.client.send(kubeconfigCommand(byName('dev'))).done;
      assert.match(kubeconfig.outputItems.find((item) => item.kubeconfig)?.kubeconfig ?? '', /^apiVersion: v1/m);
      const images = await session.client.send(getCommand('images')).done;
      assert.ok(images.data.flatMap((message) => message.payloads).some((payload) => payload.key === 'images' && payload.items.length > 0));

      await session.run(deleteCommand('clusters', namedTargets('clusters', 'extra')));
      assert.equal(session.inventory.findCluster('extra'), undefined, 'the deleted cluster leaves the inventory');
      for (const kind of LISTED_KINDS.slice(1)) assert.deepEqual(session.inventory.inCluster('extra', kind), [], `with its ${kind}`);
      assertInventoryMatches(session.inventory, emulator.state, USER);
      assert.ok(!logger.lines.some((line) => /no answer from the server/.test(line)), 'nothing timed out');
    });

    it('a failed command reconciles too: a cluster gone without a push leaves the inventory when a command on it fails', async () => {
      // prod vanishes on the server's side alone: no push, and no other client's `input` to follow.
      const world = emulator.state.world(USER);
      const prod = world.clusterByName('prod');
      assert.ok(prod, 'the small world has prod');
      world.removeCluster(prod);
      assert.equal(emulator.state.getCluster(USER, 'prod'), undefined);
      const linesBefore = logger.lines.length;
      assert.ok(session.inventory.findCluster('prod'), 'a ghost of prod remains: nothing told the session');
      assert.ok(session.inventory.inCluster('prod', 'nodes').length > 0, 'with its nodes');

      await assert.rejects(
        session.run(stopCommand('clusters', namedTargets('clusters', 'prod'))),
        (error: unknown) => error instanceof CommandFailedError && error.code === 404,
      );
      assert.equal(session.inventory.findCluster('prod'), undefined, 'the ghost is gone');
      for (const kind of LISTED_KINDS.slice(1)) assert.deepEqual(session.inventory.inCluster('prod', kind), [], `with its ${kind}`);
      assertInventoryMatches(session.inventory, emulator.state, USER);
      assert.ok(
        !logger.lines.slice(linesBefore).some((line) => / ran `qbo /.test(line)),
        'no other client’s command reached the session: the failing command itself re-listed prod',
      );
    });

    it('a -A command re-lists everything', async () => {
      await session.run(stopCommand('clusters', 'all'));
      for (const [, cluster] of session.inventory.entries('clusters')) assert.equal(cluster.state, 'stopped', cluster.name);
      assertInventoryMatches(session.inventory, emulator.state, USER);
      await session.run(deleteCommand('clusters', 'all'));
      for (const kind of LISTED_KINDS) assert.equal(session.inventory.size(kind), 0, `no ${kind} left`);
    });
  });
}
