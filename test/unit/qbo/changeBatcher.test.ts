import * as assert from 'node:assert/strict';
import { ChangeBatcher, eventTouchesKind, type InventoryChangeEvent } from '../../../src/qbo/changeBatcher';

describe('change batcher', () => {
  let batcher: ChangeBatcher;
  let events: InventoryChangeEvent[];
  beforeEach(() => {
    batcher = new ChangeBatcher({ coalesceMs: 1_000, maxNamedChanges: 4 });
    events = [];
    batcher.onDidChange((event) => events.push(event));
  });
  afterEach(() => batcher.dispose());

  const summary = () => events.map((event) => (event.reset ? 'reset' : event.changes.map((change) => `${change.key}:${change.type}`)));

  it('names each object once per window, in first-touched order, with its latest entity and cluster', () => {
    batcher.record('nodes', 'n1', 'added', { state: 'starting' }, 'dev');
    batcher.record('pods', 'p1', 'updated', { status: 'Pending' }, 'dev');
    batcher.record('nodes', 'n1', 'updated', { state: 'running' }, 'prod');
    batcher.record('pods', 'p1', 'updated', { status: 'Running' }, 'dev');
    batcher.flush();
    assert.deepEqual(summary(), [['n1:added', 'p1:updated']]);
    const [node, pod] = events[0]?.changes ?? [];
    assert.deepEqual([node?.entity, node?.cluster], [{ state: 'running' }, 'prod']);
    assert.deepEqual(pod?.entity, { status: 'Running' });
  });

  it('folds added-then-removed into nothing and removed-then-added into updated', () => {
    batcher.record('nodes', 'n1', 'added', {}, 'dev');
    batcher.record('nodes', 'n1', 'removed', {}, 'dev');
    batcher.record('nodes', 'n2', 'removed', {}, 'dev');
    batcher.record('nodes', 'n2', 'added', { state: 'running' }, 'dev');
    batcher.record('pods', 'n1', 'removed', {}, 'dev');
    batcher.flush();
    assert.deepEqual(summary(), [['n2:updated', 'n1:removed']], 'same key in another kind is another object');
    batcher.flush();
    assert.equal(events.length, 1, 'an empty window fires nothing');
  });

  it('says reset past maxNamedChanges, then names changes again in the next window', () => {
    for (const key of ['a', 'b', 'c', 'd', 'e']) batcher.record('pods', key, 'added', {}, 'dev');
    batcher.flush();
    batcher.record('pods', 'a', 'updated', {}, 'dev');
    batcher.flush();
    assert.deepEqual(summary(), ['reset', ['a:updated']]);
  });

  it('says which kinds a reset covers: those named before it began and those after', () => {
    batcher.record('nodes', 'n1', 'updated', {}, 'dev');
    for (const key of ['a', 'b', 'c', 'd', 'e', 'f']) batcher.record('pods', key, 'added', {}, 'dev');
    batcher.record('services', 's1', 'added', {}, 'dev');
    batcher.record('pods', 'g', 'added', {}, 'dev');
    batcher.flush();
    assert.deepEqual([...(events[0]?.resetKinds ?? [])].sort(), ['nodes', 'pods', 'services']);
    assert.equal(eventTouchesKind(events[0] as InventoryChangeEvent, 'clusters'), false);
    assert.equal(eventTouchesKind(events[0] as InventoryChangeEvent, 'services'), true);
    // The next reset starts afresh.
    for (const key of ['a', 'b', 'c', 'd', 'e']) batcher.record('clusters', key, 'updated', {}, key);
    batcher.flush();
    assert.deepEqual([...(events[1]?.resetKinds ?? [])], ['clusters']);
    assert.equal(eventTouchesKind({ changes: [], reset: true }, 'clusters'), true, 'a reset that names no kinds may touch any');
  });

  describe('leading edge', () => {
    const nextTask = () => new Promise((resolve) => setImmediate(resolve));
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    it('fires an isolated change at the end of its task, without waiting for the window', async () => {
      batcher.schedule(); // nothing pending: nothing fires
      batcher.record('nodes', 'n1', 'updated', { state: 'stopping' }, 'dev');
      batcher.record('nodes', 'n2', 'updated', { state: 'stopping' }, 'dev');
      batcher.schedule();
      batcher.schedule();
      assert.equal(events.length, 0, 'not inside the caller');
      await nextTask();
      assert.deepEqual(summary(), [['n1:updated', 'n2:updated']], 'one event for the whole task, long before the 1 s window');
    });

    it('holds what arrives during the window and fires it when the window ends', async () => {
      const short = new ChangeBatcher({ coalesceMs: 60 });
      const seen: string[][] = [];
      short.onDidChange((event) => seen.push(event.changes.map((change) => change.key)));
      try {
        short.record('pods', 'p1', 'updated', {}, 'dev');
        short.schedule();
        await nextTask();
        assert.deepEqual(seen, [['p1']]);
        short.record('pods', 'p2', 'updated', {}, 'dev');
        short.schedule();
        await nextTask();
        short.record('pods', 'p3', 'updated', {}, 'dev');
        short.schedule();
        await nextTask();
        assert.deepEqual(seen, [['p1']], 'p2 and p3 wait for the window');
        await sleep(150);
        assert.deepEqual(seen, [['p1'], ['p2', 'p3']], 'the window ends with one event for both');
        await sleep(150);
        short.record('pods', 'p4', 'updated', {}, 'dev');
        short.schedule();
        await nextTask();
        assert.deepEqual(seen.at(-1), ['p4'], 'after a quiet window the next change fires at once again');
      } finally {
        short.dispose();
      }
    });

    it('fires a burst spread over many tasks as a bounded number of events', async () => {
      const short = new ChangeBatcher({ coalesceMs: 40 });
      let fired = 0;
      let named = 0;
      short.onDidChange((event) => {
        fired++;
        named += event.changes.length;
      });
      try {
        for (let i = 0; i < 200; i++) {
          short.record('pods', `p${i}`, 'added', {}, 'dev');
          short.schedule();
          await nextTask();
        }
        await sleep(120);
        assert.equal(named, 200, 'every change named once');
        assert.ok(fired < 200, `${fired} events for 200 changes in 200 tasks: the window must coalesce`);
      } finally {
        short.dispose();
      }
    });
  });
});
