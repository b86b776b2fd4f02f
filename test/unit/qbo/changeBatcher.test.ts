import * as assert from 'node:assert/strict';
import { ChangeBatcher, type InventoryChangeEvent } from '../../../src/qbo/changeBatcher';

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
});
