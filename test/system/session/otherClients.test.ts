// Changes made by other clients (docs/PROTOCOL.md §8 `input`), against the real emulator that never
// pushes deletions: a second socket of the same user runs commands; the session logs one line per
// command and re-lists the clusters it names until they settle, so its inventory follows.
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { parseCliJson } from '../../../src/qbo';
import { type RunningEmulator } from '../../../src/emulator';
import { QboSession } from '../../../src/session/session';
import { startTestEmulator, TestSocket } from '../../support/emulator';
import { inventoryHasSameObjects, LISTED_KINDS } from '../../support/inventoryChecks';
import { recordingLogger, testSession } from '../../support/session';
import { waitUntil } from '../../support/wait';

const USER = 'dev@localhost';
describe('changes made by other clients: input messages, --deleted-pushes off', () => {
  let emulator: RunningEmulator;
  let session: QboSession;
  let logger: ReturnType<typeof recordingLogger>;
  let other: TestSocket;

  beforeEach(async () => {
    // Speed 0.25: a delete takes half a second, so it is still running when its input arrives.
    emulator = await startTestEmulator({ deletedPushes: false, speed: 0.25 });
    const credentials = parseCliJson(emulator.clientConfig(), 'test');
    ({ session, logger } = testSession(credentials, { requestTimeoutMs: 5000, followUpDelaysMs: [100, 200, 400, 800, 1600] }));
    session.start();
    assert.ok(await session.whenReady(5000));
    other = await TestSocket.connect(emulator);
  });
  afterEach(async () => {
    await other.close();
    session.dispose();
    await emulator.close();
  });

  it('logs one line for a stop by another client and shows the cluster stopped', async () => {
    other.send({ cmd: 'stop clusters dev', uuid: randomUUID() });
    await waitUntil(() => logger.lines.some((line) => line.includes('ran `qbo stop clusters dev`')), 5000, 'the log line');
    const line = logger.lines.find((entry) => entry.includes('ran `qbo stop clusters dev`')) ?? '';
    assert.match(line, /^info dev@localhost ran `qbo stop clusters dev` from 127\.0\.0\.1/);
    assert.equal(logger.lines.filter((entry) => entry.includes('ran `')).length, 1, 'one line per command');
    await waitUntil(() => session.inventory.findCluster('dev')?.[1].state === 'stopped', 5000, 'dev stopped');
    await waitUntil(() => inventoryHasSameObjects(session.inventory, emulator.state, USER), 5000, 'the inventory to match the server');
  });

  it('a cluster another client deletes leaves the inventory with its children, though no deletion is pushed', async () => {
    const prodKeys = LISTED_KINDS.slice(1).flatMap((kind) => session.inventory.keysInCluster('prod', kind));
    assert.ok(prodKeys.length > 0, 'prod has children at first');
    other.send({ cmd: 'delete clusters prod', uuid: randomUUID() });
    await waitUntil(() => logger.lines.some((line) => line.includes('ran `qbo delete clusters prod`')), 5000, 'the log line');
    await waitUntil(() => emulator.state.getCluster(USER, 'prod') === undefined, 5000, 'the server to delete prod');
    await waitUntil(() => session.inventory.findCluster('prod') === undefined, 5000, 'prod to leave the inventory');
    for (const kind of LISTED_KINDS.slice(1))
      assert.deepEqual(session.inventory.keysInCluster('prod', kind), [], `no ${kind} of prod left`);
    assert.ok(inventoryHasSameObjects(session.inventory, emulator.state, USER), 'no ghost, nothing missing');
  });

  it('a cluster another client adds appears with its nodes', async () => {
    other.send({ cmd: 'add cluster extra -n 2', uuid: randomUUID() });
    await waitUntil(() => session.inventory.inCluster('extra', 'nodes').length === 2, 10_000, 'extra with its two nodes');
    await waitUntil(() => inventoryHasSameObjects(session.inventory, emulator.state, USER), 10_000, 'the inventory to match the server');
  });
});
