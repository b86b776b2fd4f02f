import * as assert from 'node:assert/strict';
import { API_VERSION, createPublicApi, exposesInternalsForTests, PUBLIC_API_KEYS } from '../../src/api';
import { Inventory } from '../../src/qbo/inventory';
import { interpretServerMessage, type ServerMessage } from '../../src/qbo/messages';

function message(body: Record<string, unknown>): ServerMessage {
  const result = interpretServerMessage(body);
  if (!result.ok) throw new Error(result.error.detail);
  return result.message;
}

describe('public API (what other extensions get)', () => {
  let inventory: Inventory;
  beforeEach(() => (inventory = new Inventory({ coalesceMs: 1 })));
  afterEach(() => inventory.dispose());

  it('exports only the documented keys, frozen, at version 1', () => {
    const api = createPublicApi(inventory);
    assert.deepEqual(Reflect.ownKeys(api).sort(), [...PUBLIC_API_KEYS].sort());
    assert.deepEqual([...PUBLIC_API_KEYS].sort(), ['apiVersion', 'getClusters', 'onDidChangeClusters']);
    assert.equal(api.apiVersion, API_VERSION);
    assert.equal(API_VERSION, 1);
    assert.ok(Object.isFrozen(api));
  });

  it('lists the clusters by name with id and state, as frozen copies that cannot touch the inventory', () => {
    inventory.apply(
      message({
        clusters: [
          { id: 'c-10', name: 'dev-10', state: 'running', address: '10.0.0.1' },
          { id: 'c-2', name: 'dev-2', state: 'stopped' },
        ],
      }),
    );
    const clusters = createPublicApi(inventory).getClusters();
    assert.deepEqual(clusters, [
      { name: 'dev-2', id: 'c-2', state: 'stopped' },
      { name: 'dev-10', id: 'c-10', state: 'running' },
    ]);
    assert.ok(Object.isFrozen(clusters) && clusters.every((cluster) => Object.isFrozen(cluster)));
    assert.throws(() => ((clusters[0] as { state: string }).state = 'deleted'));
    assert.equal(inventory.findCluster('dev-2')?.[1].state, 'stopped');
  });

  it('fires onDidChangeClusters when a cluster changes, not when only pods do, and stops after dispose', () => {
    const api = createPublicApi(inventory);
    let fired = 0;
    const subscription = api.onDidChangeClusters(() => fired++);
    inventory.apply(message({ clusters: [{ id: 'c-dev', name: 'dev', state: 'running' }] }));
    inventory.flush();
    assert.equal(fired, 1);
    inventory.apply(message({ pods: [{ id: 'p1', name: 'pod-1', namespace: 'default', node: 'n', cluster: 'dev', status: 'Running' }] }));
    inventory.flush();
    assert.equal(fired, 1);
    inventory.apply(message({ clusters: [{ id: 'c-dev', name: 'dev', state: 'stopped' }] }));
    inventory.flush();
    assert.equal(fired, 2);
    subscription.dispose();
    inventory.apply(message({ clusters: [{ id: 'c-dev', name: 'dev', state: 'running' }] }));
    inventory.flush();
    assert.equal(fired, 2);
  });

  it('hands internals to tests only in ExtensionMode.Test (Production = 1, Development = 2, Test = 3)', () => {
    assert.equal(exposesInternalsForTests(1), false);
    assert.equal(exposesInternalsForTests(2), false);
    assert.equal(exposesInternalsForTests(3), true);
  });
});
