import * as assert from 'node:assert/strict';
import { parseCommandLine } from '../../../src/qbo/commandLine';
import { Inventory } from '../../../src/qbo/inventory';
import { interpretServerMessage } from '../../../src/qbo/messages';
import { reconcileScope } from '../../../src/session/reconcileScope';

const DEV_ID = '718bef86-7dfe-46c0-bf4e-3dfea83c6c28';
const PROD_ID = '2a6c1f0e-0000-4000-8000-000000000001';
const NODE_ID = '98650026d1dff267006d4ae520ff096ec4ac4a051de33abc5f805674337e22db';

function inventoryWithTwoClusters(): Inventory {
  const inventory = new Inventory({ coalesceMs: 0 });
  for (const body of [
    {
      clusters: [
        { name: 'dev', id: DEV_ID },
        { name: 'prod', id: PROD_ID },
      ],
    },
    {
      nodes: [
        { name: 'control-f5047fd5.localhost', id: NODE_ID, cluster: 'dev' },
        { name: 'worker', id: 'b'.repeat(64), cluster: 'dev' },
        { name: 'worker', id: 'c'.repeat(64), cluster: 'prod' },
      ],
    },
  ]) {
    const parsed = interpretServerMessage(body);
    if (!parsed.ok) throw new Error(parsed.error.detail);
    inventory.apply(parsed.message);
  }
  return inventory;
}

describe('reconcile scope of a command', () => {
  const inventory = inventoryWithTwoClusters();
  const scope = (line: string) => reconcileScope(parseCommandLine(line), inventory);
  after(() => inventory.dispose());

  it('gets and version change nothing', () => {
    assert.equal(scope('get clusters -A'), undefined);
    assert.equal(scope('get cluster dev -k'), undefined);
    assert.equal(scope('version'), undefined);
  });

  it('an -A command touches everything', () => {
    for (const line of ['stop clusters -A', 'start nodes -A', 'delete clusters --all'])
      assert.deepEqual(scope(line), { everything: true }, line);
  });

  it('named clusters, by name, short id or full id', () => {
    assert.deepEqual(scope('qbo stop clusters dev'), { clusters: ['dev'] });
    assert.deepEqual(scope('delete clusters dev prod'), { clusters: ['dev', 'prod'] });
    assert.deepEqual(scope(`start cluster ${DEV_ID.slice(0, 8)}`), { clusters: ['dev'] });
    assert.deepEqual(scope(`delete cluster ${PROD_ID}`), { clusters: ['prod'] });
    assert.deepEqual(scope('stop clusters gone'), { clusters: ['gone'] }, 'an unknown cluster name is still re-listed by name');
  });

  it('added clusters and nodes: the clusters they land in', () => {
    assert.deepEqual(scope('add cluster new1 new2 -n 2'), { clusters: ['new1', 'new2'] });
    assert.deepEqual(scope('add node prod -n 1'), { clusters: ['prod'] });
    assert.deepEqual(scope(`add node ${DEV_ID.slice(0, 8)}`), { clusters: ['dev'] });
  });

  it('named nodes: the clusters holding them (a repeated node name, each); an unknown node is everything', () => {
    assert.deepEqual(scope('stop node control-f5047fd5.localhost'), { clusters: ['dev'] });
    assert.deepEqual(scope(`delete node ${NODE_ID}`), { clusters: ['dev'] });
    assert.deepEqual(scope(`start node ${NODE_ID.slice(0, 8)}`), { clusters: ['dev'] });
    assert.deepEqual(scope('stop nodes worker'), { clusters: ['dev', 'prod'] });
    assert.deepEqual(scope('stop nodes nowhere'), { everything: true });
  });
});
