import * as assert from 'node:assert/strict';
import { Inventory, MAX_INVENTORY_OBJECTS, type InventoryChange } from '../../../src/qbo/inventory';
import { interpretServerMessage, type ServerMessage } from '../../../src/qbo/messages';

function message(body: Record<string, unknown>): ServerMessage {
  const result = interpretServerMessage(body);
  if (!result.ok) throw new Error(result.error.detail);
  return result.message;
}

const dev = { id: 'c-dev', name: 'dev', state: 'running' };
const node1 = { id: 'n1'.padEnd(64, 'a'), name: 'control-1', cluster: 'dev', state: 'running' };
const node2 = { id: 'n2'.padEnd(64, 'b'), name: 'worker-2', cluster: 'dev', state: 'running' };
const pod = (id: string, node: string) => ({ id, name: `pod-${id}`, namespace: 'kube-system', node, cluster: 'dev', status: 'Running' });

describe('inventory', () => {
  let inventory: Inventory;
  let events: InventoryChange[][];
  beforeEach(() => {
    inventory = new Inventory({ coalesceMs: 5 });
    events = [];
    inventory.onDidChange((event) => events.push(event.changes));
  });
  afterEach(() => inventory.dispose());

  it('keys objects by id and indexes them by cluster and node', () => {
    inventory.apply(message({ clusters: [dev] }));
    inventory.apply(message({ nodes: [node1, node2] }));
    inventory.apply(message({ pods: [pod('p1', 'control-1'), pod('p2', 'worker-2'), pod('p3', 'worker-2')] }));
    assert.equal(inventory.size('nodes'), 2);
    assert.deepEqual(
      inventory
        .inCluster('dev', 'nodes')
        .map(([key]) => key)
        .sort(),
      [node1.id, node2.id].sort(),
    );
    assert.deepEqual(
      inventory
        .podsOnNode('dev', 'worker-2')
        .map(([key]) => key)
        .sort(),
      ['p2', 'p3'],
    );
    assert.equal(inventory.findCluster('dev')?.[0], 'c-dev');
  });

  it('coalesces a burst into one event naming exactly the changed objects', async () => {
    inventory.apply(message({ clusters: [dev], nodes: [node1] }));
    inventory.apply(message({ nodes: [{ ...node1, state: 'stopping' }] }));
    inventory.apply(message({ nodes: [{ ...node1, state: 'stopped' }] }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(events.length, 1);
    assert.deepEqual(
      events[0]?.map((change) => [change.kind, change.key, change.type]),
      [
        ['clusters', 'c-dev', 'added'],
        ['nodes', node1.id, 'added'],
      ],
    );
    assert.equal((events[0]?.[1]?.entity as { state?: string }).state, 'stopped');
    events.length = 0;
    inventory.apply(message({ nodes: [{ ...node1, state: 'running' }] }));
    inventory.flush();
    assert.deepEqual(
      events[0]?.map((change) => [change.key, change.type, change.cluster]),
      [[node1.id, 'updated', 'dev']],
    );
  });

  it('emits nothing when an object arrives unchanged', () => {
    inventory.apply(message({ nodes: [node1] }));
    inventory.flush();
    events.length = 0;
    assert.equal(inventory.apply(message({ nodes: [{ ...node1 }] })), 0);
    inventory.flush();
    assert.equal(events.length, 0);
  });

  it('removes objects whose state becomes deleted, a cluster with its children', () => {
    inventory.apply(
      message({
        clusters: [dev],
        nodes: [node1, node2],
        pods: [pod('p1', 'control-1')],
        networks: [{ id: 'net', name: 'dev' }],
        services: [{ id: 's1', name: 'kubernetes', cluster: 'dev' }],
      }),
    );
    inventory.apply(message({ nodes: [{ ...node2, state: 'deleted' }] }));
    assert.equal(inventory.size('nodes'), 1);
    inventory.apply(message({ clusters: [{ ...dev, state: 'deleted' }] }));
    for (const kind of ['clusters', 'nodes', 'pods', 'networks', 'services'] as const) assert.equal(inventory.size(kind), 0, kind);
  });

  it('sweeps what a full listing no longer contains, after its CMD_DONE', () => {
    inventory.apply(message({ nodes: [node1, node2] }));
    inventory.trackListing('list-1', 'nodes');
    inventory.apply(message({ uuid: 'list-1', code: 200, nodes: [node1] }));
    assert.equal(inventory.size('nodes'), 2, 'nothing swept before CMD_DONE');
    inventory.apply(message({ uuid: 'list-1', code: 200, command: 'CMD_DONE' }));
    assert.deepEqual(
      inventory.all('nodes').map((node) => node.name),
      ['control-1'],
    );
  });

  it('keeps objects a mirror push mentioned while the listing was running', () => {
    inventory.apply(message({ nodes: [node1] }));
    inventory.trackListing('list-2', 'nodes');
    inventory.apply(message({ command: 'CMD_WATCH', nodes: [node2] }));
    inventory.apply(message({ uuid: 'list-2', code: 200, command: 'CMD_DONE', nodes: [node1] }));
    assert.equal(inventory.size('nodes'), 2);
  });

  it('limits a named listing to its clusters, and does not sweep after a failed listing', () => {
    const other = { ...node2, id: 'n3', cluster: 'prod' };
    inventory.apply(message({ nodes: [node1, other] }));
    inventory.trackListing('list-3', 'nodes', ['dev']);
    inventory.apply(message({ uuid: 'list-3', code: 200, command: 'CMD_DONE' }));
    assert.deepEqual(
      inventory.all('nodes').map((node) => node.cluster),
      ['prod'],
    );
    inventory.trackListing('list-4', 'nodes');
    inventory.apply(message({ uuid: 'list-4', code: 500, command: 'CMD_DONE' }));
    assert.equal(inventory.size('nodes'), 1);
  });

  it('moves a pod between node indexes when it is rescheduled', () => {
    inventory.apply(message({ pods: [pod('p1', 'control-1')] }));
    inventory.apply(message({ pods: [pod('p1', 'worker-2')] }));
    assert.equal(inventory.podsOnNode('dev', 'control-1').length, 0);
    assert.equal(inventory.podsOnNode('dev', 'worker-2').length, 1);
  });

  it('counts elements without identity instead of storing them', () => {
    inventory.apply(message({ nodes: [{ state: 'running' }, 5] }));
    assert.equal(inventory.size('nodes'), 0);
    assert.equal(inventory.rejectedElements, 2);
  });

  it('says reset instead of naming objects past maxNamedChanges in one window', () => {
    const small = new Inventory({ coalesceMs: 5, maxNamedChanges: 3 });
    const events: { changes: number; reset: boolean }[] = [];
    small.onDidChange((event) => events.push({ changes: event.changes.length, reset: event.reset === true }));
    small.apply(message({ pods: [pod('a', 'n'), pod('b', 'n'), pod('c', 'n')] }));
    small.flush();
    small.apply(message({ pods: [pod('d', 'n'), pod('e', 'n'), pod('f', 'n'), pod('g', 'n')] }));
    small.flush();
    small.apply(message({ pods: [{ ...pod('a', 'n'), status: 'Pending' }] }));
    small.flush();
    assert.deepEqual(events, [
      { changes: 3, reset: false },
      { changes: 0, reset: true },
      { changes: 1, reset: false },
    ]);
    assert.equal(small.size('pods'), 7, 'every object is stored even when not named');
    small.dispose();
  });

  it('folds added-then-removed into nothing and clear() removes everything', () => {
    inventory.apply(message({ nodes: [node1] }));
    inventory.apply(message({ nodes: [{ ...node1, state: 'deleted' }] }));
    inventory.flush();
    assert.equal(events.length, 0);
    inventory.apply(message({ nodes: [node2] }));
    inventory.flush();
    inventory.clear();
    inventory.flush();
    assert.deepEqual(
      events[1]?.map((change) => change.type),
      ['removed'],
    );
    assert.equal(inventory.size('nodes'), 0);
  });
});

describe('inventory cap', () => {
  const pods = (from: number, count: number) => Array.from({ length: count }, (_, i) => pod(`cap-${from + i}`, 'control-1'));

  it('holds at most maxObjects, all kinds together, and says so once, after the message', async () => {
    const inventory = new Inventory({ coalesceMs: 1, maxObjects: 5 });
    const reached: number[] = [];
    inventory.onDidReachCap((cap) => reached.push(cap));
    inventory.apply(message({ clusters: [dev], nodes: [node1] }));
    inventory.apply(message({ pods: pods(0, 10) }));
    assert.equal(inventory.objects, 5);
    assert.equal(inventory.size('pods'), 3);
    assert.deepEqual(reached, [], 'not inside apply');
    await Promise.resolve();
    assert.deepEqual(reached, [5]);
    inventory.apply(message({ pods: pods(100, 10) }));
    await Promise.resolve();
    assert.deepEqual(reached, [5], 'once');
    // What it holds still changes; a removal makes room.
    inventory.apply(message({ nodes: [{ ...node1, state: 'stopped' }] }));
    assert.equal(inventory.get('nodes', node1.id)?.state, 'stopped');
    inventory.apply(message({ pods: [{ ...pod('cap-0', 'control-1'), state: 'deleted' }] }));
    assert.equal(inventory.objects, 4);
    inventory.apply(message({ pods: pods(200, 1) }));
    assert.equal(inventory.objects, 5);
    inventory.dispose();
  });

  it('starts over after clear()', async () => {
    const inventory = new Inventory({ coalesceMs: 1, maxObjects: 2 });
    const reached: number[] = [];
    inventory.onDidReachCap((cap) => reached.push(cap));
    inventory.apply(message({ pods: pods(0, 3) }));
    await Promise.resolve();
    inventory.clear();
    assert.equal(inventory.objects, 0);
    inventory.apply(message({ pods: pods(0, 3) }));
    await Promise.resolve();
    assert.deepEqual(reached, [2, 2]);
    assert.equal(inventory.objects, 2);
    inventory.dispose();
  });

  it('counts what a sweep and a deleted cluster remove', () => {
    const inventory = new Inventory({ coalesceMs: 1, maxObjects: 100 });
    inventory.apply(message({ clusters: [dev], nodes: [node1, node2], pods: pods(0, 4) }));
    assert.equal(inventory.objects, 7);
    inventory.apply(message({ clusters: [{ ...dev, state: 'deleted' }] }));
    assert.equal(inventory.objects, 0);
    inventory.dispose();
  });

  it('is well above the huge world by default (260,000 objects)', () => {
    assert.ok(MAX_INVENTORY_OBJECTS >= 3 * 260_000);
  });
});
