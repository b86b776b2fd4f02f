import * as assert from 'node:assert/strict';
import { clusterOf, shortId, stateClass } from '../../../src/qbo/domain';

describe('domain rules', () => {
  it('classifies states', () => {
    assert.equal(stateClass('running'), 'running');
    assert.equal(stateClass('ready'), 'running');
    assert.equal(stateClass('Running'), 'running');
    assert.equal(stateClass('stopped'), 'stopped');
    assert.equal(stateClass('exited'), 'stopped');
    for (const state of ['starting', 'stopping', 'deleting', 'Pending', 'ContainerCreating'])
      assert.equal(stateClass(state), 'transitional', state);
    for (const state of ['failed', 'error', 'CrashLoopBackOff']) assert.equal(stateClass(state), 'failed', state);
    assert.equal(stateClass(undefined), 'unknown');
    assert.equal(stateClass('mystery'), 'unknown');
  });

  it('shortens ids to the 8 characters qbo accepts as a name', () => {
    assert.equal(shortId('98650026d1dff267006d4ae520ff096ec4ac4a051de33abc5f805674337e22db'), '98650026');
    assert.equal(shortId(undefined), undefined);
    assert.equal(shortId(''), undefined);
  });

  it('names the cluster an object belongs to', () => {
    assert.equal(clusterOf('clusters', { name: 'dev' }), 'dev');
    assert.equal(clusterOf('networks', { name: 'dev' }), 'dev');
    assert.equal(clusterOf('pods', { name: 'p', cluster: 'prod' }), 'prod');
    assert.equal(clusterOf('images', { name: 'x', cluster: 'prod' }), undefined);
    assert.equal(clusterOf('nodes', { name: 'n' }), undefined);
  });
});
