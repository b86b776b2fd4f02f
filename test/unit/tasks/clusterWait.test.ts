import * as assert from 'node:assert/strict';
import { Emitter } from '../../../src/qbo/events';
import { Inventory } from '../../../src/qbo/inventory';
import { interpretServerMessage } from '../../../src/qbo/messages';
import {
  clusterStanding,
  inventoryMirror,
  waitForClusters,
  type ClusterMirror,
  type ClusterStanding,
  type MirrorLink,
} from '../../../src/tasks/clusterWait';

type Thing = { state?: string };

/** An inventory as the wait sees it: clusters and nodes by cluster name, and change events the test fires. */
class FakeMirror implements ClusterMirror {
  readonly clusterTable = new Map<string, Thing[]>();
  readonly nodeTable = new Map<string, Thing[]>();
  private readonly emitter = new Emitter<unknown>();
  readonly onDidChange = this.emitter.event;
  clusters(name: string): Thing[] {
    return this.clusterTable.get(name) ?? [];
  }
  nodes(cluster: string): Thing[] {
    return this.nodeTable.get(cluster) ?? [];
  }
  get listeners(): number {
    return this.emitter.listenerCount;
  }
  /** Sets a cluster and its nodes' states (undefined: the cluster is gone, with its nodes), then fires one change event. */
  set(name: string, state: string | undefined, nodes: string[] = []): void {
    this.put(name, state, nodes);
    this.fire();
  }
  /** Changes the mirror without an event (what a poll would see, and an event-driven wait must not). */
  put(name: string, state: string | undefined, nodes: string[] = []): void {
    if (state === undefined) {
      this.clusterTable.delete(name);
      this.nodeTable.delete(name);
      return;
    }
    this.clusterTable.set(name, [{ state }]);
    this.nodeTable.set(
      name,
      nodes.map((node) => ({ state: node })),
    );
  }
  fire(): void {
    this.emitter.fire({});
  }
}

class FakeLink implements MirrorLink {
  lost: string | undefined;
  private readonly emitter = new Emitter<string>();
  readonly onDidLose = this.emitter.event;
  lose(reason: string): void {
    this.lost = reason;
    this.emitter.fire(reason);
  }
}

const LONG = 60_000;

/** Resolves after pending microtasks and one macrotask: long enough for an event-driven wait to have reacted. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function pending(outcome: Promise<unknown>): Promise<boolean> {
  const marker = Symbol('pending');
  return (await Promise.race([outcome, settle().then(() => marker)])) === marker;
}

describe('waiting on the mirror for a cluster state', () => {
  let mirror: FakeMirror;
  let link: FakeLink;
  beforeEach(() => {
    mirror = new FakeMirror();
    link = new FakeLink();
  });

  it('ends when a push brings the cluster and every node to running, reporting each standing once', async () => {
    mirror.put('prod', 'stopped', ['stopped', 'stopped']);
    const seen: string[] = [];
    const wait = waitForClusters(mirror, link, ['prod'], 'running', {
      timeoutMs: LONG,
      onStanding: (standing) => seen.push(standing.text),
    });
    assert.ok(await pending(wait.outcome));
    mirror.set('prod', 'starting', ['starting', 'stopped']);
    mirror.set('prod', 'starting', ['running', 'starting']);
    assert.ok(await pending(wait.outcome), 'not while a node is still starting');
    // The cluster says running before its last node does: not yet.
    mirror.set('prod', 'running', ['running', 'starting']);
    assert.ok(await pending(wait.outcome));
    mirror.fire();
    mirror.set('prod', 'running', ['running', 'running']);
    const outcome = await wait.outcome;
    assert.equal(outcome.ok, true);
    assert.deepEqual(seen, [
      'prod: stopped, 0 of 2 nodes running',
      'prod: starting, 0 of 2 nodes running',
      'prod: starting, 1 of 2 nodes running',
      'prod: running, 1 of 2 nodes running',
      'prod: running, 2 of 2 nodes running',
    ]);
    assert.equal(mirror.listeners, 0, 'the wait unsubscribed');
  });

  it('is driven by events only: a change nobody announced is not seen until the next event', async () => {
    mirror.put('dev', 'running', ['running']);
    const wait = waitForClusters(mirror, link, ['dev'], 'stopped', { timeoutMs: LONG });
    mirror.put('dev', 'stopped', ['stopped']);
    assert.ok(await pending(wait.outcome), 'no polling: the silent change is not noticed');
    mirror.fire();
    assert.equal((await wait.outcome).ok, true);
  });

  it('ends at once when the clusters are already there (observed nodes: ready / exited count)', async () => {
    mirror.put('dev', 'running', ['ready', 'ready']);
    mirror.put('qa', 'running', ['running']);
    assert.equal((await waitForClusters(mirror, link, ['dev', 'qa'], 'running', { timeoutMs: LONG }).outcome).ok, true);
    mirror.put('old', 'stopped', ['exited']);
    assert.equal((await waitForClusters(mirror, link, ['old'], 'stopped', { timeoutMs: LONG }).outcome).ok, true);
  });

  it('needs every named cluster: one running of two is not done', async () => {
    mirror.put('a', 'running', ['running']);
    mirror.put('b', 'stopped', ['stopped']);
    const wait = waitForClusters(mirror, link, ['a', 'b'], 'running', { timeoutMs: LONG });
    mirror.fire();
    assert.ok(await pending(wait.outcome));
    mirror.set('b', 'running', ['running']);
    assert.equal((await wait.outcome).ok, true);
  });

  it('a running cluster with no node known yet is not done (an added cluster before its nodes arrive)', async () => {
    const wait = waitForClusters(mirror, link, ['new'], 'running', { timeoutMs: LONG });
    mirror.set('new', 'running', []);
    assert.ok(await pending(wait.outcome));
    mirror.set('new', 'running', ['running']);
    assert.equal((await wait.outcome).ok, true);
  });

  it('a cluster that never arrives ends at the deadline, saying where it stood', async () => {
    const wait = waitForClusters(mirror, link, ['ghost'], 'running', { timeoutMs: 30 });
    mirror.set('other', 'running', ['running']);
    const outcome = await wait.outcome;
    assert.equal(outcome.ok, false);
    assert.ok(!outcome.ok);
    assert.equal(outcome.reason, 'timeout');
    assert.equal(outcome.message, 'Timed out after 0 s waiting for running: ghost: not there.');
    assert.deepEqual(
      outcome.standings.map((standing) => [standing.name, standing.present, standing.reached]),
      [['ghost', false, false]],
    );
    assert.equal(mirror.listeners, 0);
  });

  it('a cluster deleted while waited on ends the wait at once (not at the deadline)', async () => {
    mirror.put('dev', 'stopped', ['stopped']);
    const wait = waitForClusters(mirror, link, ['dev'], 'running', { timeoutMs: LONG });
    mirror.set('dev', 'starting', ['starting']);
    mirror.set('dev', undefined);
    const outcome = await wait.outcome;
    assert.ok(!outcome.ok);
    assert.equal(outcome.reason, 'deleted');
    assert.equal(outcome.message, 'dev was deleted while waiting for it to be running.');
  });

  it('an added cluster that appears and then vanishes counts as deleted', async () => {
    const wait = waitForClusters(mirror, link, ['new'], 'running', { timeoutMs: LONG });
    mirror.set('new', 'creating', []);
    mirror.set('new', undefined);
    const outcome = await wait.outcome;
    assert.ok(!outcome.ok && outcome.reason === 'deleted');
  });

  it('gone: ends when the cluster and its nodes have left the mirror', async () => {
    mirror.put('dev', 'running', ['running']);
    const wait = waitForClusters(mirror, link, ['dev'], 'gone', { timeoutMs: LONG });
    mirror.set('dev', 'deleting', ['deleting']);
    assert.ok(await pending(wait.outcome));
    // A node left behind (no cluster row, but its node still indexed under the name): not gone yet.
    mirror.clusterTable.delete('dev');
    mirror.fire();
    assert.ok(await pending(wait.outcome));
    mirror.set('dev', undefined);
    const outcome = await wait.outcome;
    assert.ok(outcome.ok);
    assert.deepEqual(
      outcome.standings.map((standing: ClusterStanding) => standing.text),
      ['dev: gone'],
    );
  });

  it('a lost link ends the wait with the reason, also when it is already lost', async () => {
    mirror.put('dev', 'stopped', ['stopped']);
    const wait = waitForClusters(mirror, link, ['dev'], 'running', { timeoutMs: LONG });
    link.lose('reconnecting: socket closed');
    const outcome = await wait.outcome;
    assert.ok(!outcome.ok);
    assert.equal(outcome.reason, 'link-lost');
    assert.match(outcome.message, /connection to qbo was lost \(reconnecting: socket closed\)/);
    const again = await waitForClusters(mirror, link, ['dev'], 'running', { timeoutMs: LONG }).outcome;
    assert.ok(!again.ok && again.reason === 'link-lost');
  });

  it('an abort ends it as cancelled', async () => {
    const controller = new AbortController();
    const wait = waitForClusters(mirror, link, ['dev'], 'running', { timeoutMs: LONG, signal: controller.signal });
    controller.abort();
    const outcome = await wait.outcome;
    assert.ok(!outcome.ok && outcome.reason === 'cancelled');
    assert.equal(mirror.listeners, 0);
  });

  it('reads the real inventory: clusters by name, nodes by their cluster', async () => {
    const inventory = new Inventory({ coalesceMs: 1 });
    try {
      const apply = (body: Record<string, unknown>): void => {
        const parsed = interpretServerMessage({ command: 'CMD_WATCH', ...body });
        if (!parsed.ok) throw new Error(parsed.error.detail);
        inventory.apply(parsed.message);
      };
      apply({
        clusters: [{ id: 'c1', name: 'prod', state: 'stopped' }],
        nodes: [{ id: 'n1', name: 'control-prod', cluster: 'prod', state: 'stopped' }],
      });
      const mirrorOfInventory = inventoryMirror(inventory);
      assert.equal(clusterStanding(mirrorOfInventory, 'prod', 'running').text, 'prod: stopped, 0 of 1 nodes running');
      const wait = waitForClusters(mirrorOfInventory, link, ['prod'], 'running', { timeoutMs: LONG });
      apply({
        clusters: [{ id: 'c1', name: 'prod', state: 'running' }],
        nodes: [{ id: 'n1', name: 'control-prod', cluster: 'prod', state: 'running' }],
      });
      assert.equal((await wait.outcome).ok, true);
      const gone = waitForClusters(mirrorOfInventory, link, ['prod'], 'gone', { timeoutMs: LONG });
      apply({ clusters: [{ id: 'c1', name: 'prod', state: 'deleted' }] });
      assert.equal((await gone.outcome).ok, true, 'a deleted push removes the cluster and its nodes');
    } finally {
      inventory.dispose();
    }
  });
});
