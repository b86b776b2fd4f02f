import * as assert from 'node:assert/strict';
import { cloudClusterRow, cloudMessageRow, SHOW_KUBECONFIG_COMMANDS_CONTEXT } from '../../../src/kube/cloudPresentation';

describe('qbo in the Kubernetes extension’s Clouds view', () => {
  it('shows each cluster with its state, offering the Kubernetes extension’s kubeconfig commands', () => {
    const running = cloudClusterRow({ name: 'dev', state: 'running', address: '172.18.0.2' }, 'k1');
    assert.equal(running.label, 'dev');
    assert.equal(running.description, 'running');
    assert.equal(running.icon.color, 'charts.green');
    // The Kubernetes extension's menus match /kubernetes\.providesKubeconfig/i inside the value.
    assert.match(running.contextValue, /kubernetes\.providesKubeconfig/i);
    assert.equal(running.contextValue, `qbo.cloud.cluster.running ${SHOW_KUBECONFIG_COMMANDS_CONTEXT}`);
    const stopped = cloudClusterRow({ name: 'prod', state: 'stopped' }, 'k2');
    assert.equal(stopped.description, 'stopped');
    assert.match(stopped.contextValue, /^qbo\.cloud\.cluster\.stopped /);
    assert.equal(cloudClusterRow({}, 'key-3').label, 'key-3');
  });

  it('says when signed out, loading, or empty, and those rows offer no kubeconfig', () => {
    for (const kind of ['signed-out', 'loading', 'empty'] as const)
      assert.doesNotMatch(cloudMessageRow(kind).contextValue, /providesKubeconfig/, kind);
    assert.equal(cloudMessageRow('signed-out').label, 'Sign in to qbo…');
  });
});

describe('Clouds view rows from a hostile server', () => {
  it('keeps the tooltip one plain, bounded line', () => {
    const row = cloudClusterRow({ name: 'dev\n\u202e$(bug)', state: 'running', address: `172.18.0.2 ${'x'.repeat(2000)}` }, 'k');
    assert.doesNotMatch(row.tooltip ?? '', /[\n\u202e]/);
    assert.doesNotMatch(row.tooltip ?? '', /\$\(bug\)/);
    // 300 characters as read (the invisible breaks aside).
    const read = (row.tooltip ?? '').replace(/\u200b/g, '');
    assert.ok(read.length <= 300, String(read.length));
  });
});
